using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SwRel.Pipeline;
using SwRel.Testing;

namespace SwRel.Pipeline.Tests;

public sealed class PipelineServiceCollectionTests
{
    [Fact]
    public void AddSwRelPipeline_wires_a_processor_over_the_embedders_gateway_and_the_in_memory_queue()
    {
        var gateway = new InMemoryTicketGateway();
        var services = new ServiceCollection();
        services.AddSingleton<ITicketGateway>(gateway);
        services.AddSwRelPipeline(o => o.RepositoryRoot = Path.Combine(Path.GetTempPath(), "swrel-di-root"));

        using var provider = services.BuildServiceProvider();

        Assert.NotNull(provider.GetRequiredService<ProvisioningProcessor>());
        Assert.IsType<InMemoryRequestQueue>(provider.GetRequiredService<IRequestQueue>());
        Assert.IsType<RepositoryActions>(provider.GetRequiredService<IRepositoryActions>());
    }

    [Fact]
    public void Invalid_pipeline_options_are_reported_with_every_wrong_setting()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ITicketGateway>(new InMemoryTicketGateway());
        services.AddSwRelPipeline(o =>
        {
            o.RepositoryRoot = "relative/root";
            o.RetryDelay = TimeSpan.FromSeconds(-1);
        });
        using var provider = services.BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ProvisioningOptions>>().Value);

        Assert.Contains(e.Failures, m => m.Contains("RepositoryRoot", StringComparison.Ordinal));
        Assert.Contains(e.Failures, m => m.Contains("RetryDelay", StringComparison.Ordinal));
    }
}
