namespace SwRel.Repository.Publication;

/// <summary>The publisher's calls to GnuPG: export the published keys, sign, and check a signature against the published keys alone.</summary>
internal sealed class GnuPg(PublicationOptions options)
{
    /// <summary>Exports the public keys clients get: the signing key first, then <see cref="PublicationOptions.PublishedKeys"/>.</summary>
    /// <exception cref="InvalidOperationException">gpg failed, or one of the keys is not in the GnuPG home.</exception>
    public async Task<byte[]> ExportAsync(bool armored, string where, CancellationToken cancellationToken)
    {
        foreach (var key in Keys())
        {
            // gpg exports nothing, successfully, for a key it does not have; a missing key must not publish an empty keyring.
            var one = await RunGpgAsync(["--export", key], Path.GetTempPath(), where, cancellationToken).ConfigureAwait(false);
            if (one.Length == 0)
            {
                throw new InvalidOperationException(
                    $"The key '{key}' is not in the GnuPG home '{options.GnuPgHome}', so {where} cannot be signed with it or publish it.");
            }
        }

        return await RunGpgAsync([.. armored ? ["--armor"] : Array.Empty<string>(), "--export", .. Keys()], Path.GetTempPath(), where, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Writes an armored detached signature of <paramref name="file"/> to <paramref name="signature"/> (both relative to <paramref name="folder"/>).</summary>
    public Task SignDetachedAsync(string folder, string file, string signature, string where, CancellationToken cancellationToken) =>
        RunGpgAsync(["--yes", "--digest-algo", "SHA256", "--local-user", options.SigningKey, "--armor", "--output", signature, "--detach-sign", file],
            folder, where, cancellationToken);

    /// <summary>Writes a clear-signed copy of <paramref name="file"/> to <paramref name="signed"/> (both relative to <paramref name="folder"/>).</summary>
    public Task ClearSignAsync(string folder, string file, string signed, string where, CancellationToken cancellationToken) =>
        RunGpgAsync(["--yes", "--digest-algo", "SHA256", "--local-user", options.SigningKey, "--output", signed, "--clearsign", file],
            folder, where, cancellationToken);

    /// <summary>Signs an <c>.rpm</c> in place with <c>rpmsign --addsign</c> (a package already signed with the key is left as it is).</summary>
    public Task SignRpmAsync(string folder, string rpm, string where, CancellationToken cancellationToken) =>
        ExternalProgram.RunAsync(options.RpmsignPath, "rpm",
            ["--addsign", "--define", "_gpg_name " + options.SigningKey, "--define", "_gpg_path " + options.GnuPgHome,
             "--define", "_gpg_sign_cmd_extra_args --batch", "--define", "__gpg " + ExternalProgram.FullPath(options.GpgPath), "--", rpm],
            folder, where, options.ProgramTimeout, cancellationToken);

    /// <summary>
    /// Checks a signature with <c>gpgv</c> against a keyring file alone (never the signer's own key store), returning
    /// the signed text for a clear-signed file; <see langword="null"/> with the reason when it does not verify.
    /// </summary>
    /// <param name="folder">Where <paramref name="signature"/> and <paramref name="data"/> are.</param>
    /// <param name="keyring">The absolute path of the published keyring.</param>
    /// <param name="emptyHome">An empty folder gpgv may use as its home, so that no keyring of this user takes part.</param>
    /// <param name="signature">The signature (or clear-signed) file.</param>
    /// <param name="data">The signed file for a detached signature; <see langword="null"/> for a clear-signed one.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    public async Task<(byte[]? Signed, string? Error)> VerifyAsync(
        string folder, string keyring, string emptyHome, string signature, string? data, CancellationToken cancellationToken)
    {
        string[] arguments = data is null
            ? ["--homedir", emptyHome, "--keyring", keyring, "--output", "-", signature]
            : ["--homedir", emptyHome, "--keyring", keyring, signature, data];
        try
        {
            var signed = await ExternalProgram.RunAsync(options.GpgvPath, "gpgv", arguments, folder, signature, options.ProgramTimeout, cancellationToken)
                .ConfigureAwait(false);
            return (signed, null);
        }
        catch (InvalidOperationException e) when (!e.Message.Contains("could not be started", StringComparison.Ordinal))
        {
            return (null, e.Message);
        }
    }

    private IEnumerable<string> Keys() => new[] { options.SigningKey }.Concat(options.PublishedKeys).Distinct(StringComparer.Ordinal);

    private Task<byte[]> RunGpgAsync(IEnumerable<string> arguments, string folder, string where, CancellationToken cancellationToken) =>
        ExternalProgram.RunAsync(options.GpgPath, "gnupg", ["--homedir", options.GnuPgHome, "--batch", "--no-tty", .. arguments],
            folder, where, options.ProgramTimeout, cancellationToken);
}
