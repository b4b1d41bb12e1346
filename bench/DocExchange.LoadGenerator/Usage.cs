namespace DocExchange.LoadGenerator;

/// <summary>What the load generator takes, printed by --help.</summary>
internal static class Usage
{
    public const string Text = """
        DocExchange load generator. Usage:
          DocExchange.LoadGenerator run [--quick] [--engine sqlite] [--out FILE] [--senders N] [--recipients M] [--fetch-workers K]
                                        [--memory-mib MiB] [--package-mib MiB] [--skip-memory] [--server-dll PATH] [--repo DIR] [--configuration Release]
                                        [--edxml-concurrency N]   (the edXML phase's senders: of --concurrency, the highest up to 16)
                                        [--skip-edxml]   (no edXML phase nor large package, e.g. against a server built before edXML)
                                        [--sizes-kib 100,1024] [--concurrency 1,16] [--seconds S]   (to profile one phase)
                                        [--unary-seconds S]   (each step of the empty-RPC ceiling, through the server and the bare transport; 3 s by default)
                                        [--warmup-seconds S]   (load at full concurrency before each deployment's measured phases; 15 s by default)
                                        [--scale-out 2,3]   (instance counts of the PostgreSQL scale-out phases; '' for none)
                                        [--sample-commit-lock]   (PostgreSQL: sample the commit-order lock in each phase, see docs/SCALING.md)
          DocExchange.LoadGenerator report --micro micro.json --load load.json --out docs/BENCHMARKS.md [--commit HASH]
                                           [--history bench/OPTIMISATIONS.md]   (the hand-kept record of what each optimisation bought)
                                           [--baseline-load b1.json,b2.json --baseline-commit HASH]   (runs of an earlier commit's server, side by side)
                                           [--rounds-load c1.json,load.json]   (this commit's runs taken in alternation with them; --load alone otherwise)
                                           [--baseline-append b.json,c.json]   (the baseline's and this commit's audit-append micro-benchmarks, run one after the other)
                                           [--profiles sqlite.json,postgresql.json]   (profiles of this commit's server taken in the same run, by `profile --json`)
          DocExchange.LoadGenerator profile --perf-script perf.txt --load load.json [--json profile.json]   (bench/profile.sh: where the server's CPU per document goes)
        run starts the real server (DocExchange.Server.dll) in its own process on loopback, with a throwaway PKI, and
        measures (the empty call also against the bare transport, bench/DocExchange.BareServer, in a process of its own);
        --quick is a smoke run that proves everything works and produces numbers, and asserts nothing about speed.

        """;
}
