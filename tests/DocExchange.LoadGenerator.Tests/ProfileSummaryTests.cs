using DocExchange.LoadGenerator.Profiling;

namespace DocExchange.LoadGenerator.Tests;

/// <summary>
/// The profile verb (bench/profile.sh) charges each sample of a <c>perf script -F comm,ip,sym,dso</c> dump to where the
/// server's CPU went and converts the shares to milliseconds per document with the profiled phase's server CPU.
/// </summary>
public sealed class ProfileSummaryTests : IDisposable
{
    // Four samples in perf script's layout: the thread's name, then its frames leaf first (address, symbol, library).
    private const string PerfScript = """
        DocExchange.Ser
        	    7f3a2b1c4d5e sha256_block_data_order_avx2 (/usr/lib/x86_64-linux-gnu/libcrypto.so.3)
        	    7f3a2b1c0000 EVP_DigestUpdate (/usr/lib/x86_64-linux-gnu/libcrypto.so.3)

        .NET TP Worker
        	ffffffff81a00000 tcp_sendmsg_locked ([kernel.kallsyms])
        	ffffffff81a00100 tcp_sendmsg ([kernel.kallsyms])
        	ffffffff81a00200 __sys_sendto ([kernel.kallsyms])

        .NET TP Worker
        	    7f00deadbeef System.Buffer.Memmove(ref byte, ref byte, unsigned int) (/tmp/perf-4242.map)
        	    7f00deadbf00 DocExchange.Storage.Relational.DbSession.RunAsync(StatementBatch) (/tmp/perf-4242.map)
        	    7f00deadbf10 DocExchange.Server.Services.ExchangeGrpcService.Send (/tmp/perf-4242.map)

        .NET Tiered Com
        	    7f1111111111 CodeGen::genCodeForBBlist (/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.0/libclrjit.so)

        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("dx-profile-tests").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Each_sample_is_charged_by_its_library_and_stack_and_the_shares_become_ms_of_the_single_instance_phase()
    {
        // The single-instance phase: 0.5 cores for 10 s over 100 documents = 50 ms per document. The scale-out phase
        // after it (the last in the file, as the load generator writes them) is not the one the script profiled.
        var profile = await ProfileAsync("""
            {"Phases": [
              {"Engine": "postgresql", "Instances": 1, "DocumentBytes": 113692, "Concurrency": 16, "Seconds": 10, "Sent": 100, "Completed": 100,
               "DocumentsPerSecond": 10, "Cpu": {"ServerCores": 0.5, "DatabaseCores": 0.4, "LoadGeneratorCores": 0.2, "MachineCores": 1.1}},
              {"Engine": "postgresql", "Instances": 2, "DocumentBytes": 113692, "Concurrency": 16, "Seconds": 10, "Sent": 300, "Completed": 300,
               "DocumentsPerSecond": 30, "Cpu": {"ServerCores": 1.2, "DatabaseCores": 0.4, "LoadGeneratorCores": 0.2, "MachineCores": 2.0}}
            ]}
            """);

        var summary = ProfileSummary.ToMarkdown(profile);

        Assert.Contains("4 samples of the server during the postgresql phase", summary, StringComparison.Ordinal);
        Assert.Contains("50.00 ms of server CPU per document", summary, StringComparison.Ordinal);
        Assert.Contains("| OpenSSL: TLS records and SHA-256 | 25.0% | 12.50 |", summary, StringComparison.Ordinal);
        Assert.Contains("| kernel: loopback TCP | 25.0% | 12.50 |", summary, StringComparison.Ordinal);
        // A managed helper's sample is charged to the nearest known component above it.
        Assert.Contains("| managed: storage (our store and its driver) | 25.0% | 12.50 |", summary, StringComparison.Ordinal);
        Assert.Contains("| JIT (tiered compilation) | 25.0% | 12.50 |", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_profile_written_as_json_reads_back_whole_for_the_report()
    {
        // 1.2 server cores and 0.6 database cores for 10 s over 200 documents: 60 and 30 ms per document.
        var written = await ProfileAsync("""
            {"Phases": [
              {"Engine": "postgresql", "Instances": 1, "DocumentBytes": 113692, "Concurrency": 16, "Seconds": 10, "Sent": 200, "Completed": 200,
               "DocumentsPerSecond": 20, "Cpu": {"ServerCores": 1.2, "DatabaseCores": 0.6, "LoadGeneratorCores": 0.2, "MachineCores": 2.0}}
            ]}
            """);
        var json = Path.Combine(_directory, "profile.json");

        await written.WriteAsync(json, CancellationToken.None);
        var read = await CpuProfile.ReadAsync(json, CancellationToken.None);

        Assert.Equal(("postgresql", 113692L, 16, 20.0, 1.2, 4), (read.Engine, read.DocumentBytes, read.Concurrency, read.DocumentsPerSecond, read.ServerCores, read.Samples));
        Assert.Equal(60, read.ServerMsPerDocument, precision: 9);
        Assert.Equal(30, read.DatabaseMsPerDocument, precision: 9);
        Assert.Equal(4, read.Shares.Count);
        Assert.All(read.Shares, share => Assert.Equal((0.25, 15.0), (share.Share, Math.Round(share.MsPerDocument, 9))));
        Assert.Equal(written.Shares.Select(s => s.Where), read.Shares.Select(s => s.Where));
    }

    /// <summary>The profile of <see cref="PerfScript"/>'s samples against the load run given as JSON.</summary>
    private async Task<CpuProfile> ProfileAsync(string loadJson)
    {
        var perf = Path.Combine(_directory, "perf.txt");
        await File.WriteAllTextAsync(perf, PerfScript);
        var load = Path.Combine(_directory, "load.json");
        await File.WriteAllTextAsync(load, loadJson);
        return await ProfileSummary.BuildAsync(perf, load, CancellationToken.None);
    }
}
