namespace NSynthBox.Neural;

/// <summary>Where ONNX Runtime runs the decoder. CUDA and TensorRT need an ONNX Runtime build that has them (e.g. on a Jetson).</summary>
public enum ExecutionProviderKind
{
    Cpu,
    Cuda,
    TensorRt,
}
