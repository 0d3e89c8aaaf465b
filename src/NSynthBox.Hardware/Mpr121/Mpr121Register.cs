namespace NSynthBox.Hardware;

/// <summary>MPR121 register map (NXP MPR121 datasheet, rev. 4, table 1).</summary>
public enum Mpr121Register : byte
{
    /// <summary>ELE0..ELE7 touch bits.</summary>
    TouchStatus0 = 0x00,
    /// <summary>ELE8..ELE11 and ELEPROX touch bits, bit 7 = over-current flag.</summary>
    TouchStatus1 = 0x01,
    /// <summary>ELE0..ELE7 out-of-range bits (auto-configuration could not reach the target).</summary>
    OutOfRangeStatus0 = 0x02,
    /// <summary>ELE8..ELE11, ELEPROX out-of-range bits, bit 7 = auto-config fail, bit 6 = auto-reconfig fail.</summary>
    OutOfRangeStatus1 = 0x03,
    /// <summary>ELE0 filtered data, LSB then MSB (10 bits); electrode n at 0x04 + 2n, up to 0x1D (ELEPROX).</summary>
    FilteredData0 = 0x04,
    /// <summary>ELE0 baseline, the 8 high bits of a 10-bit value; electrode n at 0x1E + n, up to 0x2A.</summary>
    Baseline0 = 0x1E,
    MaxHalfDeltaRising = 0x2B,
    NoiseHalfDeltaRising = 0x2C,
    NoiseCountLimitRising = 0x2D,
    FilterDelayCountRising = 0x2E,
    MaxHalfDeltaFalling = 0x2F,
    NoiseHalfDeltaFalling = 0x30,
    NoiseCountLimitFalling = 0x31,
    FilterDelayCountFalling = 0x32,
    NoiseHalfDeltaTouched = 0x33,
    NoiseCountLimitTouched = 0x34,
    FilterDelayCountTouched = 0x35,
    /// <summary>ELE0 touch threshold; electrode n at 0x41 + 2n.</summary>
    TouchThreshold0 = 0x41,
    /// <summary>ELE0 release threshold; electrode n at 0x42 + 2n.</summary>
    ReleaseThreshold0 = 0x42,
    Debounce = 0x5B,
    /// <summary>AFE configuration 1: first filter iterations, global charge current (reset 0x10).</summary>
    Config1 = 0x5C,
    /// <summary>AFE configuration 2: charge time, second filter iterations, sample interval (reset 0x24).</summary>
    Config2 = 0x5D,
    /// <summary>Electrode configuration (ECR): calibration lock, proximity and electrode enables. 0 = stop mode.</summary>
    ElectrodeConfig = 0x5E,
    AutoConfig0 = 0x7B,
    AutoConfig1 = 0x7C,
    UpSideLimit = 0x7D,
    LowSideLimit = 0x7E,
    TargetLevel = 0x7F,
    /// <summary>Write 0x63 to reset every register to its default.</summary>
    SoftReset = 0x80,
}
