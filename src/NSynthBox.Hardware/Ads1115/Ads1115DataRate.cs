namespace NSynthBox.Hardware;

/// <summary>ADS1115 data rate (config bits DR[7:5]); a single-shot conversion takes 1/rate.</summary>
public enum Ads1115DataRate : byte
{
    Sps8 = 0,
    Sps16 = 1,
    Sps32 = 2,
    Sps64 = 3,
    Sps128 = 4,
    Sps250 = 5,
    Sps475 = 6,
    Sps860 = 7,
}
