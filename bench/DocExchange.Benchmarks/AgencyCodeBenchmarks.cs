using BenchmarkDotNet.Attributes;
using DocExchange.Core.Agencies;

namespace DocExchange.Benchmarks;

/// <summary>Parsing QCVN 102:2016 agency codes, as every call does for its caller, sender and recipients.</summary>
public class AgencyCodeBenchmarks
{
    [Benchmark]
    public bool ParseValid() => AgencyCode.TryParse("000.00.18.G12", out _, out _);

    [Benchmark]
    public bool ParseInvalid() => AgencyCode.TryParse("001.00.00.G12", out _, out _);
}
