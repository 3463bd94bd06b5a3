namespace SwRel.Cli.Tests;

// swrel serve checks its settings before it starts: each problem is printed naming the setting, exit 1.
public sealed class ServeCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("swrel-serve-settings-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Serve_without_a_write_token_or_a_secret_refuses_to_start_and_names_the_settings()
    {
        var run = ToolRunner.Run("serve", "--data-dir", _folder, "--listen", "http://127.0.0.1:1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Server:ApiTokens", run.Error, StringComparison.Ordinal);
        Assert.Contains("SWREL_API_TOKEN or --api-token-file", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_with_a_listen_address_that_is_not_http_names_the_flag()
    {
        var run = ToolRunner.Run("serve", "--data-dir", _folder, "--listen", "ftp://127.0.0.1:21");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--listen (Urls) 'ftp://127.0.0.1:21' must be an http:// or https:// address", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_reports_every_bad_setting_of_the_data_folder_settings_file_by_name()
    {
        File.WriteAllText(Path.Combine(_folder, "appsettings.json"), """
            {"Server": {"RequireTokenForReads": "sometimes"}, "Pipeline": {"PollInterval": "soon", "RetryDelay": "later", "MaxAttempts": "many"}}
            """);
        var tokens = Path.Combine(_folder, "tokens");
        File.WriteAllText(tokens, "a-token-long-enough-0123456789\n");

        var run = ToolRunner.Run("serve", "--data-dir", _folder, "--api-token-file", tokens);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Setting Server:RequireTokenForReads must be true or false, not 'sometimes'.", run.Error, StringComparison.Ordinal);
        Assert.Contains("Setting Pipeline:PollInterval must be a duration", run.Error, StringComparison.Ordinal);
        Assert.Contains("Setting Pipeline:RetryDelay must be a duration such as 00:00:05 (hours:minutes:seconds), not 'later'.", run.Error, StringComparison.Ordinal);
        Assert.Contains("Setting Pipeline:MaxAttempts must be a whole number, not 'many'.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_with_a_signing_key_but_no_gnupg_home_names_both_settings()
    {
        var run = ToolRunner.Run("serve", "--data-dir", _folder, "--gpg-key", "repo@example.org");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Setting Publication:SigningKey (--gpg-key) needs Publication:GnuPgHome (--gpg-home), the GnuPG home that holds the key.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_with_a_gnupg_home_that_is_not_a_folder_or_beside_an_index_command_names_the_settings()
    {
        File.WriteAllText(Path.Combine(_folder, "appsettings.json"), """
            {"Publication": {"GnuPgHome": "keys", "SigningKey": "repo@example.org"}, "Pipeline": {"RefreshIndexCommand": "true"}}
            """);

        var missing = ToolRunner.Run("serve", "--data-dir", _folder);
        Directory.CreateDirectory(Path.Combine(_folder, "keys"));
        var both = ToolRunner.Run("serve", "--data-dir", _folder);

        Assert.Equal(1, missing.ExitCode);
        Assert.Contains($"Setting Publication:GnuPgHome (--gpg-home) names '{Path.Combine(_folder, "keys")}', which is not a folder.", missing.Error, StringComparison.Ordinal);
        Assert.Equal(1, both.ExitCode);
        Assert.Contains("Settings Publication:GnuPgHome (--gpg-home) and Pipeline:RefreshIndexCommand both say how to build the index: give one.", both.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_with_a_missing_token_file_names_the_flag_and_the_file()
    {
        var run = ToolRunner.Run("serve", "--data-dir", _folder, "--api-token-file", Path.Combine(_folder, "nope"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--api-token-file " + Path.Combine(_folder, "nope"), run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_with_an_rt_url_that_is_not_a_web_address_names_the_setting()
    {
        File.WriteAllText(Path.Combine(_folder, "appsettings.json"), """
            {"Tickets": {"Rt": {"Url": "rt.example.org", "Token": "a-token"}}}
            """);

        var run = ToolRunner.Run("serve", "--data-dir", _folder);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Setting Tickets:Rt:Url (or SWREL_Tickets__Rt__Url) must be RT's absolute http or https URL, not 'rt.example.org'.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_with_an_rt_url_but_no_rt_credentials_names_the_credential_settings()
    {
        var run = ToolRunner.Run("serve", "--data-dir", _folder, "--rt-url", "http://127.0.0.1:1/");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Tickets:Rt:Url is given but RT credentials are missing", run.Error, StringComparison.Ordinal);
        Assert.Contains("SWREL_RT_TOKEN", run.Error, StringComparison.Ordinal);
    }
}
