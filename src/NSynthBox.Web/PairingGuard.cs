using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace NSynthBox.Web;

internal enum PairingResult
{
    Paired,
    WrongPin,
    LockedOut,
}

/// <summary>
/// The pairing PIN (six digits, new at every start) and the browser sessions it opens. Wrong PINs
/// are counted for everyone together: after a few, pairing is refused for a while, which keeps
/// guessing a million PINs out of reach while the performer retypes a mistyped one.
/// </summary>
internal sealed class PairingGuard
{
    private const int MaxSessions = 64;
    private readonly byte[] _pin;
    private readonly int _maxAttempts;
    private readonly TimeSpan _lockout;
    private readonly TimeSpan _sessionLifetime;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _failures;
    private DateTimeOffset _lockedUntil;

    public PairingGuard(string pin, int maxAttempts, TimeSpan lockout, TimeSpan sessionLifetime, TimeProvider? time = null)
    {
        Pin = pin;
        _pin = Encoding.ASCII.GetBytes(pin);
        _maxAttempts = maxAttempts;
        _lockout = lockout;
        _sessionLifetime = sessionLifetime;
        _time = time ?? TimeProvider.System;
    }

    public string Pin { get; }

    public static string NewPin() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    public PairingResult TryPair(string? pin, out string? token, out TimeSpan retryAfter)
    {
        token = null;
        retryAfter = TimeSpan.Zero;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (now < _lockedUntil)
            {
                retryAfter = _lockedUntil - now;
                return PairingResult.LockedOut;
            }
            var given = Encoding.ASCII.GetBytes(pin ?? "");
            if (!CryptographicOperations.FixedTimeEquals(given, _pin))
            {
                if (++_failures >= _maxAttempts)
                {
                    _failures = 0;
                    _lockedUntil = now + _lockout;
                }
                return PairingResult.WrongPin;
            }
            _failures = 0;
        }
        token = Base64Url(RandomNumberGenerator.GetBytes(32));
        _sessions[token] = now + _sessionLifetime;
        Prune(now);
        return PairingResult.Paired;
    }

    public bool IsValidSession(string? token) =>
        token is { Length: > 0 and < 128 } && _sessions.TryGetValue(token, out var expires) && _time.GetUtcNow() < expires;

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, expires) in _sessions)
            if (expires <= now) _sessions.TryRemove(key, out _);
        while (_sessions.Count > MaxSessions)
        {
            var oldest = _sessions.MinBy(s => s.Value).Key;
            _sessions.TryRemove(oldest, out _);
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
