using DocExchange.Server.Services;

namespace DocExchange.Integration.Tests;

/// <summary>
/// The memory the uploads in progress share: each upload is charged the buffer it really holds, none holds more than an
/// quarter of the budget, and together they never hold more than the budget, however their rents and returns interleave.
/// </summary>
public sealed class SpoolMemoryTests
{
    private const long Budget = 4L * 1024 * 1024;

    [Fact]
    public void An_upload_is_charged_the_power_of_two_buffer_it_holds_until_it_gives_it_back()
    {
        var memory = new SpoolMemory(Budget);

        var buffer = memory.TryRent(300_000);

        Assert.NotNull(buffer);
        Assert.True(buffer.Length >= 300_000);
        Assert.Equal(512 * 1024, memory.InUseBytes);
        memory.Return(buffer);
        Assert.Equal(0, memory.InUseBytes);
    }

    [Fact]
    public void An_upload_needing_more_than_a_quarter_of_the_budget_is_not_held_in_memory()
    {
        var memory = new SpoolMemory(Budget);

        Assert.Null(memory.TryRent((Budget / 4) + 1));
        Assert.Equal(0, memory.InUseBytes);
        var largest = memory.TryRent(Budget / 4);
        Assert.NotNull(largest);
        memory.Return(largest);
    }

    [Fact]
    public void Uploads_beyond_the_budget_are_not_held_in_memory_until_others_give_theirs_back()
    {
        var memory = new SpoolMemory(Budget);
        var held = Enumerable.Range(0, 8).Select(_ => memory.TryRent(400_000)).ToList();

        Assert.All(held, Assert.NotNull);
        Assert.Equal(Budget, memory.InUseBytes);
        Assert.Null(memory.TryRent(1));

        memory.Return(held[0]!);
        var next = memory.TryRent(400_000);
        Assert.NotNull(next);
        foreach (var buffer in held.Skip(1).Append(next))
        {
            memory.Return(buffer!);
        }
        Assert.Equal(0, memory.InUseBytes);
    }

    [Fact]
    public void A_budget_of_zero_holds_no_upload_in_memory()
    {
        var memory = new SpoolMemory(0);

        Assert.Null(memory.TryRent(0));
        Assert.Null(memory.TryRent(1));
        Assert.Equal(0, memory.InUseBytes);
    }

    [Fact]
    public async Task Concurrent_rents_and_returns_never_hold_more_than_the_budget_and_give_it_all_back()
    {
        var memory = new SpoolMemory(Budget);
        var overBudget = 0;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            var random = new Random(worker);
            for (var i = 0; i < 20_000; i++)
            {
                var buffer = memory.TryRent(random.Next(1, (int)(Budget / 4)));
                if (memory.InUseBytes > Budget)
                {
                    Interlocked.Increment(ref overBudget);
                }
                if (buffer is not null)
                {
                    memory.Return(buffer);
                }
            }
        })));

        Assert.Equal(0, overBudget);
        Assert.Equal(0, memory.InUseBytes);
    }
}
