namespace SwRel.Cli.Tests.Packaging;

/// <summary>A small project that references the SwRel packages from a local folder, as an integrator would.</summary>
internal static class ConsumerProject
{
    public static string Write(string directory, string feed, string version)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="swrel-local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="SwRel.Domain" Version="{version}" />
                <PackageReference Include="SwRel.Metadata" Version="{version}" />
                <PackageReference Include="SwRel.Repository" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), Program);
        return directory;
    }

    public static void AssertOutput(string output)
    {
        Assert.Contains("transition: applied, now Unverified", output, StringComparison.Ordinal);
        Assert.Contains("validation: valid, INFN.argus.centos7.x86_64 1.7.3", output, StringComparison.Ordinal);
        Assert.Contains("plan: sw/unverified/umd-4.infn.argus.centos7.x86_64/1/7/3", output, StringComparison.Ordinal);
    }

    // A transition, a validation and a plan, through the public API only.
    private const string Program = """
        using SwRel.Domain.Tickets;
        using SwRel.Domain.Workflow;
        using SwRel.Metadata.Releases;
        using SwRel.Repository.Planning;

        var workflow = new RolloutWorkflow(new WorkflowOptions(), new InMemoryStageRolloutSlots());
        var ticket = workflow.CreateTicket(4711, MajorRelease.Parse("umd-4"), "provider@example.org");
        var result = workflow.Fire(ticket, RolloutProgress.Unverified, new TransitionContext(RolloutActor.VerificationTeam));
        Console.WriteLine($"transition: {(result.IsApplied ? "applied" : result.Reason)}, now {ticket.RolloutProgress}");

        var release = new ReleaseDescriptor
        {
            Dialect = ReleaseDialect.RepoEgi02,
            ProductName = "argus",
            ProductShortName = "INFN.argus.centos7.x86_64",
            TechnologyProvider = "INFN",
            TechnologyProviderShortName = "INFN",
            Contact = "argus-support@example.org",
            Description = "Argus authorization service",
            ReleaseDate = new DateOnly(2018, 3, 5),
            MajorVersion = 1,
            MinorVersion = 7,
            RevisionVersion = 3,
            Incremental = true,
            Emergency = false,
            SynchProtocol = "rsync",
            SynchUrl = "rsync://provider.example.org/argus/1.7.3",
            TargetPlatform = "centos7",
            TargetArch = "x86_64",
        };
        var read = ReleaseDescriptorReader.Parse(ReleaseDescriptorWriter.WriteToString(release));
        Console.WriteLine(read.IsValid
            ? $"validation: valid, {read.Descriptor!.ProductShortName} {read.Descriptor.Version}"
            : $"validation: {string.Join("; ", read.Errors)}");

        var plan = new RepositoryPlanner().Plan(new RepositoryPlanRequest
        {
            From = RolloutProgress.Submitted,
            To = RolloutProgress.Unverified,
            Descriptor = read.Descriptor!,
            MajorRelease = MajorRelease.Parse("umd-4"),
            TicketId = ticket.Id,
            SyncUrl = release.SynchUrl,
        });
        Console.WriteLine($"plan: {plan.Target}");
        Console.Write(RepositoryPlanText.ToText(plan));
        """;
}
