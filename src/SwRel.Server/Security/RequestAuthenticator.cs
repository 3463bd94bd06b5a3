using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace SwRel.Server.Security;

/// <summary>Checks a caller's credentials: a bearer token, or an HMAC-SHA256 signature of the body.</summary>
/// <remarks>Every comparison of a secret takes the same time whatever the input, so a caller learns nothing from timing.</remarks>
internal sealed class RequestAuthenticator
{
    /// <summary>The header with the signer's clock, in Unix seconds.</summary>
    public const string TimestampHeader = "X-SwRel-Timestamp";

    /// <summary>The header with <c>sha256=</c> and the hex HMAC of timestamp + "." + body.</summary>
    public const string SignatureHeader = "X-SwRel-Signature";

    private const string SignaturePrefix = "sha256=";

    private readonly byte[][] _tokens;
    private readonly byte[]? _secret;
    private readonly TimeSpan _window;
    private readonly bool _readsNeedToken;
    private readonly TimeProvider _time;

    /// <summary>Creates the authenticator from the server's options.</summary>
    public RequestAuthenticator(IOptions<SwRelServerOptions> options, TimeProvider time)
    {
        var value = options.Value;
        _tokens = [.. value.ApiTokens.Select(Encoding.UTF8.GetBytes)];
        _secret = value.SigningSecret is { Length: > 0 } secret ? Encoding.UTF8.GetBytes(secret) : null;
        _window = value.SignatureWindow;
        _readsNeedToken = value.RequireTokenForReads;
        _time = time;
    }

    /// <summary>Whether a read may go ahead.</summary>
    public bool MayRead(HttpRequest request) => !_readsNeedToken || HasValidToken(request);

    /// <summary>Whether a write with this raw body may go ahead.</summary>
    /// <returns><see langword="null"/> when it may; otherwise why not, to tell the caller.</returns>
    public string? CheckWrite(HttpRequest request, ReadOnlySpan<byte> body)
    {
        if (request.Headers.Authorization.Count > 0)
        {
            return HasValidToken(request) ? null : "the bearer token is not valid.";
        }

        var signature = request.Headers[SignatureHeader].ToString();
        var timestamp = request.Headers[TimestampHeader].ToString();
        if (signature.Length == 0 && timestamp.Length == 0)
        {
            return $"credentials are missing: send 'Authorization: Bearer <token>' or the {TimestampHeader} and {SignatureHeader} headers.";
        }

        if (_secret is null)
        {
            return "signed requests are not accepted by this server; send 'Authorization: Bearer <token>'.";
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return $"{TimestampHeader} must be the time in Unix seconds.";
        }

        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        if (Math.Abs((double)now - seconds) > _window.TotalSeconds)
        {
            return $"{TimestampHeader} is more than {_window.TotalMinutes:0.#} minutes from the server's clock; check the caller's clock.";
        }

        if (!signature.StartsWith(SignaturePrefix, StringComparison.Ordinal) || signature.Length != SignaturePrefix.Length + 64)
        {
            return $"{SignatureHeader} must be 'sha256=' and 64 hex digits.";
        }

        Span<byte> given = stackalloc byte[32];
        if (Convert.FromHexString(signature.AsSpan(SignaturePrefix.Length), given, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
        {
            return $"{SignatureHeader} must be 'sha256=' and 64 hex digits.";
        }

        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _secret);
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp));
        hmac.AppendData("."u8);
        hmac.AppendData(body);
        Span<byte> expected = stackalloc byte[32];
        hmac.GetHashAndReset(expected);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? null : $"{SignatureHeader} does not match the body.";
    }

    private bool HasValidToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var given = Encoding.UTF8.GetBytes(header.AsSpan(7).Trim().ToString());
        var match = false;
        foreach (var token in _tokens)
        {
            // Every token is compared, so the time taken does not tell which one (or whether any) matched.
            match |= CryptographicOperations.FixedTimeEquals(token, given);
        }

        return match;
    }
}
