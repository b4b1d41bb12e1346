using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Errors;
using DocExchange.Core.Paging;
using DocExchange.Core.Statuses;

namespace DocExchange.Storage.Tests;

public abstract partial class ExchangeConformanceTests
{
    [Fact]
    public async Task Sent_documents_page_newest_first_until_the_last_page()
    {
        var sent = new List<DocumentId>();
        for (var i = 1; i <= 5; i++)
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            sent.Add((await SendAsync($"m-{i}", [Finance], number: i.ToString(System.Globalization.CultureInfo.InvariantCulture))).Result.DocumentId);
        }

        var seen = new List<DocumentId>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Service.ListSentAsync(Sender, new DocumentListRequest(new PageRequest(2, token)), CancellationToken.None);
            seen.AddRange(page.Items.Select(d => d.Id));
            token = page.NextPageToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(sent), seen);
    }

    [Fact]
    public async Task Received_documents_carry_the_recipients_latest_status_and_honour_the_time_window()
    {
        var (early, _, _) = await SendAsync("m-1", [Finance, Tax], number: "1");
        Clock.Advance(TimeSpan.FromHours(1));
        var windowStart = Clock.GetUtcNow();
        var (late, _, _) = await SendAsync("m-2", [Finance], number: "2");
        await PostAsync(Finance, early, StatusCode.Arrived);

        var all = await Service.ListReceivedAsync(Finance, new DocumentListRequest(), CancellationToken.None);
        var windowed = await Service.ListReceivedAsync(Finance, new DocumentListRequest(Since: windowStart), CancellationToken.None);

        Assert.Equal([late.DocumentId, early.DocumentId], all.Items.Select(d => d.Id));
        Assert.Equal([null, StatusCode.Arrived], all.Items.Select(d => d.LatestStatus));
        Assert.Equal([Finance, Tax], all.Items[1].Recipients);
        Assert.Equal([late.DocumentId], windowed.Items.Select(d => d.Id));
        Assert.Null(all.NextPageToken);
    }

    [Fact]
    public async Task A_page_token_from_another_listing_is_refused()
    {
        for (var i = 1; i <= 3; i++) await SendAsync($"m-{i}", [Finance], number: $"{i}");
        var sentPage = await Service.ListSentAsync(Sender, new DocumentListRequest(new PageRequest(1)), CancellationToken.None);

        await RefusedAsync(ExchangeErrorKind.InvalidArgument, () => Service.ListReceivedAsync(
            Finance, new DocumentListRequest(new PageRequest(1, sentPage.NextPageToken)), CancellationToken.None));
        await RefusedAsync(ExchangeErrorKind.InvalidArgument, () => Service.ListSentAsync(
            Sender, new DocumentListRequest(new PageRequest(1, "not a token")), CancellationToken.None));
    }

    [Fact]
    public async Task Registering_a_code_twice_is_refused()
    {
        var error = await RefusedAsync(ExchangeErrorKind.AlreadyExists,
            () => Service.RegisterAgencyAsync(new AgencyRegistration(Finance.Value, "Bộ Tài chính"), "operator", CancellationToken.None));

        Assert.Contains("already registered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agency_reads_back_with_its_derived_parent_and_contact()
    {
        var code = AgencyCode.Parse("000.05.18.G12");
        await Service.RegisterAgencyAsync(
            new AgencyRegistration(code.Value, "Cục Thuế", new AgencyContact("Hà Nội", "thue@example.vn", "024")), "operator", CancellationToken.None);

        var agency = await Service.GetAgencyAsync(code.Value, CancellationToken.None);

        Assert.Equal(Tax, agency.ParentCode);
        Assert.Equal(new AgencyContact("Hà Nội", "thue@example.vn", "024"), agency.Contact);
        Assert.True(agency.Active);
        await RefusedAsync(ExchangeErrorKind.NotFound, () => Service.GetAgencyAsync("000.00.00.H99", CancellationToken.None));
        await RefusedAsync(ExchangeErrorKind.InvalidArgument, () => Service.GetAgencyAsync("000.00.1.G12", CancellationToken.None));
    }

    [Fact]
    public async Task Children_are_listed_directly_or_recursively_and_inactive_ones_on_request()
    {
        foreach (var code in new[] { "000.05.18.G12", "001.05.18.G12", "000.00.19.G12" })
        {
            await Service.RegisterAgencyAsync(new AgencyRegistration(code, code), "operator", CancellationToken.None);
        }
        await Service.DeactivateAgencyAsync("000.00.19.G12", null, "operator", CancellationToken.None);

        var direct = await Service.ListChildrenAsync(Finance.Value, recursive: false, includeInactive: false, null, CancellationToken.None);
        var recursive = await Service.ListChildrenAsync(Finance.Value, recursive: true, includeInactive: true, null, CancellationToken.None);
        var firstPage = await Service.ListChildrenAsync(Finance.Value, recursive: true, includeInactive: true, new PageRequest(2), CancellationToken.None);
        var secondPage = await Service.ListChildrenAsync(Finance.Value, recursive: true, includeInactive: true, new PageRequest(2, firstPage.NextPageToken), CancellationToken.None);

        Assert.Equal(["000.00.18.G12"], direct.Items.Select(a => a.Code.Value));
        Assert.Equal(["000.00.18.G12", "000.00.19.G12", "000.05.18.G12", "001.05.18.G12"], recursive.Items.Select(a => a.Code.Value));
        Assert.Equal(["000.00.18.G12", "000.00.19.G12", "000.05.18.G12", "001.05.18.G12"], firstPage.Items.Concat(secondPage.Items).Select(a => a.Code.Value));
        Assert.Null(secondPage.NextPageToken);
    }

    [Fact]
    public async Task A_reactivated_agency_receives_again()
    {
        await Service.DeactivateAgencyAsync(Finance.Value, "audit", "operator", CancellationToken.None);
        var reactivated = await Service.UpdateAgencyAsync(new AgencyUpdate(Finance.Value, Reactivate: true), "operator", CancellationToken.None);

        var (result, _, _) = await SendAsync("m-1", [Finance]);

        Assert.True(reactivated.Active);
        Assert.Equal([Finance], result.Document.Recipients);
    }
}
