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
        Assert.Contains("transition: Unverified", output, StringComparison.Ordinal);
    }

    private const string Program = """
        using SwRel.Domain.Workflow;

        var state = RolloutProgressText.Parse("Submitted");
        var row = TransitionTable.FixedRulesBetween(state, RolloutProgress.Unverified).Single();
        Console.WriteLine($"transition: {row.To}");
        """;
}
