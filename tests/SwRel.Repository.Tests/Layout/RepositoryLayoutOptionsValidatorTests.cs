using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SwRel.Repository.Layout;
using SwRel.Repository.Planning;

namespace SwRel.Repository.Tests.Layout;

public sealed class RepositoryLayoutOptionsValidatorTests
{
    private static ValidateOptionsResult Validate(RepositoryLayoutOptions options) =>
        new RepositoryLayoutOptionsValidator().Validate(Options.DefaultName, options);

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(Validate(new RepositoryLayoutOptions()).Succeeded);
    }

    [Theory]
    [InlineData("sw/{product}/{version}", "unknown placeholder '{product}'")]
    [InlineData("/sw/production/{version}", "not absolute")]
    [InlineData("sw/../{version}", "'..'")]
    [InlineData("sw//x", "empty")]
    [InlineData("sw/x/", "end with '/'")]
    [InlineData("c:/sw/{version}", "not absolute")]
    [InlineData("https://host/sw", "not absolute")]
    [InlineData("sw/{version", "without its '}'")]
    [InlineData("sw/version}", "without its '{'")]
    [InlineData("sw/{version:title}", "unknown modifier")]
    [InlineData("sw\\x", "backslash")]
    [InlineData("", "empty")]
    public void Bad_templates_are_refused_with_the_reason(string template, string reason)
    {
        var result = Validate(new RepositoryLayoutOptions { Templates = { Production = template } });
        Assert.True(result.Failed);
        Assert.Contains("Templates.Production", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(reason, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var options = new RepositoryLayoutOptions { PublicBaseUrl = "repository/", RepoFileFolder = "../x" };
        options.Overrides["ca"] = new RepositoryLayoutTemplates { Unverified = "/abs" };
        var result = Validate(options);
        Assert.Equal(4, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.Contains("Overrides[ca]", StringComparison.Ordinal) && f.Contains("major number", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Overrides[ca].Unverified", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("PublicBaseUrl", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("RepoFileFolder", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_preset_is_refused()
    {
        Assert.True(Validate(new RepositoryLayoutOptions { Preset = (RepositoryLayoutPreset)7 }).Failed);
    }

    [Fact]
    public void Building_a_layout_from_bad_options_throws_the_validation_failures()
    {
        var error = Assert.Throws<OptionsValidationException>(() => new RepositoryLayout(new RepositoryLayoutOptions { Templates = { Scratch = "{nope}" } }));
        Assert.Contains("{nope}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_service_collection_extension_registers_a_validated_planner()
    {
        var services = new ServiceCollection();
        services.AddSwRelRepositoryLayout(o => o.Overrides["ca-1"] = new RepositoryLayoutTemplates { Production = "sw/production/cas/1/current" });
        using var provider = services.BuildServiceProvider();
        var planner = provider.GetRequiredService<RepositoryPlanner>();
        Assert.Same(provider.GetRequiredService<RepositoryLayout>(), planner.Layout);
    }

    [Fact]
    public void The_service_collection_extension_refuses_bad_options_when_resolved()
    {
        var services = new ServiceCollection();
        services.AddSwRelRepositoryLayout(o => o.Templates.Unverified = "../up");
        using var provider = services.BuildServiceProvider();
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<RepositoryPlanner>());
    }

    [Fact]
    public void The_service_collection_extension_registers_the_validator_once()
    {
        var services = new ServiceCollection();
        services.AddSwRelRepositoryLayout();
        services.AddSwRelRepositoryLayout();
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<RepositoryLayoutOptions>));
    }
}
