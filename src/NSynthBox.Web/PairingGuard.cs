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
/// are counted per client (its address): after a few, that client's pairing is refused for a while,
/// which keeps guessing a million PINs out of reach while the performer retypes a mistyped one, and a
/// guesser on the LAN cannot lock the performer's own browser out.
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
    private const int MaxClientsTracked = 1024;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (int Failures, DateTimeOffset LockedUntil)> _clients = new(StringComparer.Ordinal);

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

    public PairingResult TryPair(string? pin, out string? token, out TimeSpan retryAfter) => TryPair(pin, "", out token, out retryAfter);

    /// <param name="client">Who is asking (the remote address): wrong PINs lock out that client only.</param>
    public PairingResult TryPair(string? pin, string client, out string? token, out TimeSpan retryAfter)
    {
        token = null;
        retryAfter = TimeSpan.Zero;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            _clients.TryGetValue(client, out var state);
            if (now < state.LockedUntil)
            {
                retryAfter = state.LockedUntil - now;
                return PairingResult.LockedOut;
            }
            var given = Encoding.ASCII.GetBytes(pin ?? "");
            if (!CryptographicOperations.FixedTimeEquals(given, _pin))
            {
                state = ++state.Failures >= _maxAttempts ? (0, now + _lockout) : state;
                if (_clients.Count >= MaxClientsTracked && !_clients.ContainsKey(client)) ForgetIdleClients(now);
                // Still full: every tracked client is locked out now (a flood of addresses); this one waits like them.
                if (_clients.Count >= MaxClientsTracked && !_clients.ContainsKey(client)) return PairingResult.LockedOut;
                _clients[client] = state;
                return PairingResult.WrongPin;
            }
            _clients.Remove(client);
        }
        token = Base64Url(RandomNumberGenerator.GetBytes(32));
        _sessions[token] = now + _sessionLifetime;
        Prune(now);
        return PairingResult.Paired;
    }

    public bool IsValidSession(string? token) =>
        token is { Length: > 0 and < 128 } && _sessions.TryGetValue(token, out var expires) && _time.GetUtcNow() < expires;

    private void ForgetIdleClients(DateTimeOffset now)
    {
        foreach (var (key, state) in _clients.ToArray())
            if (state.LockedUntil <= now) _clients.Remove(key);
    }

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
