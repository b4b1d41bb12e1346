using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using DocExchange.Protocol.V1;
using DocExchange.Testing.Processes;

namespace DocExchange.Integration.Tests;

/// <summary>
/// The client library as an agency's integrator gets it (docs/CLIENT.md): packed with the documented command, restored
/// from a folder feed through package source mapping into a fresh console project with no project reference, running
/// the documentation's own inbox program against a live server.
/// </summary>
public sealed partial class ClientPackageTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_packed_client_restored_from_a_feed_runs_the_documented_inbox_program_twice_against_a_live_server()
    {
        // A guard against a hang only: packing, restoring and building take minutes on a loaded machine.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(25));
        var ct = timeout.Token;
        var feed = Directory.CreateDirectory(_temp.File("feed")).FullName;
        await RunAsync("make", ["pack", $"PACKAGES={feed}"], RepositoryPaths.Root, ct);
        var version = Regex.Match(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "Directory.Build.props")), "<Version>([^<]+)</Version>").Groups[1].Value;
        foreach (var id in new[] { "Core", "Protocol", "Audit", "Client" })
        {
            Assert.True(File.Exists(Path.Combine(feed, $"GovVn.DocExchange.{id}.{version}.nupkg")), $"make pack produced no GovVn.DocExchange.{id}");
            Assert.True(File.Exists(Path.Combine(feed, $"GovVn.DocExchange.{id}.{version}.snupkg")), $"make pack produced no symbols for GovVn.DocExchange.{id}");
        }

        var consumer = Directory.CreateDirectory(_temp.File("consumer")).FullName;
        var usualSource = UsualSource((await RunAsync("dotnet", ["nuget", "list", "source", "--format", "Short"], consumer, ct)).Output);
        WriteConsumerProject(consumer, feed, usualSource, version, ExampleFromDocs());
        await RunAsync("dotnet", ["build", "-c", "Release", "--nologo", "-v", "quiet"], consumer, ct);

        // Restored from the feed into the project's own packages folder, and no ASP.NET Core runtime needed to run it.
        Assert.True(Directory.Exists(Path.Combine(consumer, "packages", "govvn.docexchange.client", version)));
        var runtimeConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(consumer, "bin", "Release", "net10.0", "consumer.runtimeconfig.json")));
        var frameworks = runtimeConfig.RootElement.GetProperty("runtimeOptions").EnumerateObject()
            .Where(p => p.Name is "framework" or "frameworks")
            .SelectMany(p => p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray().ToArray() : [p.Value])
            .Select(f => f.GetProperty("name").GetString()).ToList();
        Assert.Equal(["Microsoft.NETCore.App"], frameworks);

        await using var server = await TestServer.StartAsync();
        await Exchanges.RegisterSampleAgenciesAsync(server);
        var g22 = server.Agency(TestServer.G22);
        var first = await Exchanges.SendAsync(g22, Exchanges.Header("package-1", TestServer.H41, Pdf("9101"), "9101"), Pdf("9101"));

        var run1 = await RunExampleAsync(consumer, server, ct);
        Assert.Contains($"received {first.DocumentId}", run1);

        // The second run starts after the saved cursor: only what came since, and nothing acknowledged twice.
        var second = await Exchanges.SendAsync(g22, Exchanges.Header("package-2", TestServer.H41, Pdf("9102"), "9102"), Pdf("9102"));
        var run2 = await RunExampleAsync(consumer, server, ct);
        Assert.Contains($"received {second.DocumentId}", run2);
        Assert.DoesNotContain(first.DocumentId, run2);

        var history = await g22.UnaryAsync(Exchange.Methods.GetStatusHistory, new GetStatusHistoryRequest { DocumentId = first.DocumentId });
        Assert.Single(history.Statuses, s => s.StatusCode == ProcessingStatusCode.Arrived);
        Assert.Equal(Pdf("9101"), File.ReadAllBytes(Directory.GetFiles(Path.Combine(consumer, "received"), "*.pdf", SearchOption.AllDirectories)
            .Single(f => File.ReadAllBytes(f).AsSpan().SequenceEqual(Pdf("9101")))));
    }

    private static byte[] Pdf(string number) => SamplePdf.Create($"Cong van {number}");

    /// <summary>The block marked <c>&lt;!-- example: inbox-program --&gt;</c> in docs/CLIENT.md, so that the doc and this test cannot drift apart.</summary>
    private static string ExampleFromDocs()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "CLIENT.md"));
        var match = ExampleBlock().Match(doc);
        Assert.True(match.Success, "docs/CLIENT.md has no ```csharp block after <!-- example: inbox-program -->");
        return match.Groups["code"].Value;
    }

    private static void WriteConsumerProject(string folder, string feed, string usualSource, string version, string program)
    {
        // Nothing of the repository's build applies here: stop MSBuild's search for these files at this folder.
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(folder, "Directory.Packages.props"), "<Project />");
        File.WriteAllText(Path.Combine(folder, "consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="GovVn.DocExchange.Client" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        // docs/CLIENT.md's mapping; a packages folder of its own (the machine's only as a read-only fallback for the
        // public packages), so the test neither pollutes nor reads the machine's cache for the GovVn ones.
        // NUGET_PACKAGES moves the machine's folder, as a CI runner may set it.
        var machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } moved
            ? moved
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(folder, "NuGet.config"), $"""
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(folder, "packages")}" />
              </config>
              <fallbackPackageFolders>
                <clear />
                <add key="machine" value="{machinePackages}" />
              </fallbackPackageFolders>
              <packageSources>
                <clear />
                <add key="docexchange" value="{feed}" />
                <add key="usual" value="{usualSource}" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="docexchange">
                  <package pattern="GovVn.DocExchange.*" />
                </packageSource>
                <packageSource key="usual">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), program);
    }

    /// <summary>The first enabled source of the machine's NuGet configuration (`E source` in the short listing).</summary>
    private static string UsualSource(string listing) =>
        listing.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("E ", StringComparison.Ordinal)).Select(l => l[2..].Trim()).FirstOrDefault()
        ?? throw new InvalidOperationException($"the machine has no enabled NuGet source:\n{listing}");

    private static async Task<string> RunExampleAsync(string consumer, TestServer server, CancellationToken ct)
    {
        var info = Describe("dotnet", [Path.Combine(consumer, "bin", "Release", "net10.0", "consumer.dll")], consumer);
        info.Environment["DOCEXCHANGE_ADDRESS"] = server.Server.TlsAddress!.ToString();
        info.Environment["DOCEXCHANGE_CERTIFICATE"] = RepositoryPaths.SampleCert("agency-H41.pfx");
        info.Environment["DOCEXCHANGE_CERTIFICATE_PASSWORD"] = TestServer.SamplePassword;
        info.Environment["DOCEXCHANGE_ROOTS"] = RepositoryPaths.SampleCert("root-ca.crt");
        return (await Command.RunAsync(info, ct)).EnsureSuccess().Output;
    }

    private static async Task<CommandResult> RunAsync(string program, string[] arguments, string folder, CancellationToken ct) =>
        (await Command.RunAsync(Describe(program, arguments, folder), ct)).EnsureSuccess();

    private static ProcessStartInfo Describe(string program, string[] arguments, string folder)
    {
        var info = Command.Describe(program, arguments, runAs: null, folder);
        // The test host's own MSBuild and NuGet settings must not leak into these builds.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k == "NUGET_PACKAGES").ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        return info;
    }

    [GeneratedRegex(@"<!-- example: inbox-program -->\s*```csharp\n(?<code>.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();
}
