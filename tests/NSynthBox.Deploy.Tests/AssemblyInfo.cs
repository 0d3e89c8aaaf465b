// These tests run bash scripts for Linux boards: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
