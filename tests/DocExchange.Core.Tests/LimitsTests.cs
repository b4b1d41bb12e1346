using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Errors;
using DocExchange.Core.Statuses;

namespace DocExchange.Core.Tests;

public sealed class LimitsTests
{
    private static readonly AgencyCode Sender = AgencyCode.Parse("000.00.00.G22");

    private static ExchangeOptions SmallLimits() => new()
    {
        MaxDocumentBytes = 1000,
        MaxAttachments = 2,
        MaxRecipients = 3,
        MaxHeaderBytes = 100,
        MaxSubjectLength = 20,
        MaxFileNameBytes = 12,
        MaxMessageIdLength = 10,
    };

    private static PartDeclaration MainPart(long size = 10) => new("main", PartKind.Main, "doc.pdf", "application/pdf", size);

    private static PartDeclaration Attachment(string id, long size = 10) => new(id, PartKind.Attachment, "a.zip", "application/zip", size);

    private static OutgoingDocument Document(
        IReadOnlyList<PartDeclaration>? parts = null, IReadOnlyList<string>? recipients = null, string subject = "Công văn",
        byte[]? header = null, string messageId = "m-1", BusinessDocType business = BusinessDocType.New, string? referenced = null) =>
        new(Sender, messageId, recipients ?? ["000.00.00.G12"], "7816", "VPCP-TTĐT", null, subject, business, referenced,
            header ?? new byte[10], parts ?? [MainPart()]);

    private static ExchangeException Refused(OutgoingDocument document, ExchangeErrorKind kind)
    {
        var error = Assert.Throws<ExchangeException>(() => OutgoingDocumentValidator.Validate(document, SmallLimits()));
        Assert.Equal(kind, error.Kind);
        return error;
    }

    [Fact]
    public void A_document_within_every_limit_passes_with_its_recipients_parsed()
    {
        var validated = OutgoingDocumentValidator.Validate(
            Document(parts: [MainPart(500), Attachment("a1", 250), Attachment("a2", 250)], recipients: ["000.00.00.G12", "000.00.18.G12", "000.00.00.H41"]),
            SmallLimits());

        Assert.Equal(["000.00.00.G12", "000.00.18.G12", "000.00.00.H41"], validated.Recipients.Select(r => r.Value));
    }

    [Fact]
    public void Parts_totalling_more_than_the_document_limit_are_refused_as_resource_exhausted()
    {
        var error = Refused(Document(parts: [MainPart(500), Attachment("a1", 501)]), ExchangeErrorKind.ResourceExhausted);
        Assert.Contains("1000 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_attachments_than_allowed_are_refused_as_resource_exhausted()
    {
        var error = Refused(Document(parts: [MainPart(), Attachment("a1"), Attachment("a2"), Attachment("a3")]), ExchangeErrorKind.ResourceExhausted);
        Assert.Contains("3 attachments; the limit is 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_recipients_than_allowed_are_refused_as_resource_exhausted()
    {
        Refused(Document(recipients: ["000.00.00.G12", "000.00.18.G12", "000.00.00.H41", "000.00.00.H30"]), ExchangeErrorKind.ResourceExhausted);
    }

    [Fact]
    public void A_header_blob_over_its_limit_is_refused_as_resource_exhausted()
    {
        Refused(Document(header: new byte[101]), ExchangeErrorKind.ResourceExhausted);
    }

    [Fact]
    public void A_subject_over_its_length_is_refused_naming_the_field_and_limit()
    {
        var error = Refused(Document(subject: new string('x', 21)), ExchangeErrorKind.InvalidArgument);
        Assert.Equal("subject (trích yếu) is 21 characters long; at most 20 are allowed", error.Message);
    }

    [Fact]
    public void A_message_id_over_its_length_is_refused()
    {
        Refused(Document(messageId: new string('m', 11)), ExchangeErrorKind.InvalidArgument);
    }

    [Fact]
    public void A_file_name_over_its_length_is_refused()
    {
        Refused(Document(parts: [MainPart() with { FileName = "a-very-long-name.pdf" }]), ExchangeErrorKind.InvalidArgument);
    }

    [Fact]
    public void A_file_name_is_limited_in_utf8_bytes_not_characters()
    {
        // "Tờ trình.pdf": 12 characters, 15 bytes of UTF-8 (ờ and ì take 3 and 2 bytes).
        var error = Refused(Document(parts: [MainPart() with { FileName = "Tờ trình.pdf" }]), ExchangeErrorKind.InvalidArgument);

        Assert.Equal("file name of part 'main' is 15 bytes long in UTF-8 (12 characters); at most 12 bytes of UTF-8 are allowed: shorten the name", error.Message);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("")]
    [InlineData("a\u0001b")]
    [InlineData("a\u001b[2Jb")]
    [InlineData("tệp")]
    [InlineData("a b")]
    public void A_part_id_outside_the_safe_characters_is_refused_naming_the_rule(string partId)
    {
        var error = Refused(Document(parts: [MainPart() with { PartId = partId }]), ExchangeErrorKind.InvalidArgument);

        Assert.Contains("letters A-Z and a-z, digits 0-9, '.', '_' and '-'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_part_id_over_its_length_is_refused()
    {
        var error = Refused(Document(parts: [MainPart() with { PartId = new string('a', 65) }]), ExchangeErrorKind.InvalidArgument);

        Assert.Equal("part id is 65 characters long; at most 64 are allowed", error.Message);
    }

    [Theory]
    [InlineData("main")]
    [InlineData("att-1")]
    [InlineData("Phu_luc.v2")]
    [InlineData("...")]
    public void A_part_id_of_safe_characters_is_accepted(string partId)
    {
        OutgoingDocumentValidator.Validate(Document(parts: [MainPart() with { PartId = partId }]), SmallLimits());
    }

    [Fact]
    public void Exactly_one_main_part_is_required()
    {
        Refused(Document(parts: [MainPart(), MainPart() with { PartId = "main2" }]), ExchangeErrorKind.InvalidArgument);
        Refused(Document(parts: [Attachment("a1")]), ExchangeErrorKind.InvalidArgument);
    }

    [Fact]
    public void The_main_part_must_come_first()
    {
        var error = Refused(Document(parts: [Attachment("a1"), MainPart()]), ExchangeErrorKind.InvalidArgument);
        Assert.Contains("must be the first part", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_part_ids_are_refused()
    {
        Refused(Document(parts: [MainPart(), Attachment("main")]), ExchangeErrorKind.InvalidArgument);
    }

    [Fact]
    public void A_declared_hash_must_be_32_bytes()
    {
        Refused(Document(parts: [MainPart() with { Sha256 = new byte[31] }]), ExchangeErrorKind.InvalidArgument);
    }

    [Fact]
    public void A_negative_size_is_refused()
    {
        Refused(Document(parts: [MainPart(-1)]), ExchangeErrorKind.InvalidArgument);
    }

    [Fact]
    public void Recipients_must_be_present_well_formed_distinct_and_not_the_sender()
    {
        Refused(Document(recipients: []), ExchangeErrorKind.InvalidArgument);
        var malformed = Refused(Document(recipients: ["000.00.1.G12"]), ExchangeErrorKind.InvalidArgument);
        Assert.Contains("expected DDD.CC.BB.Xnn", malformed.Message, StringComparison.Ordinal);
        Refused(Document(recipients: ["000.00.00.G12", "000.00.00.G12"]), ExchangeErrorKind.InvalidArgument);
        Refused(Document(recipients: [Sender.Value]), ExchangeErrorKind.InvalidArgument);
    }

    [Fact]
    public void Recall_and_update_are_not_sent_as_documents_and_a_replacement_names_what_it_replaces()
    {
        Refused(Document(business: BusinessDocType.Recall), ExchangeErrorKind.InvalidArgument);
        Refused(Document(business: BusinessDocType.Update), ExchangeErrorKind.InvalidArgument);
        Refused(Document(business: BusinessDocType.Replace), ExchangeErrorKind.InvalidArgument);
        var validated = OutgoingDocumentValidator.Validate(
            Document(business: BusinessDocType.Replace, referenced: "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT"), SmallLimits());
        Assert.Equal("7816", validated.ReferencedDocumentId!.CodeNumber);
    }

    [Fact]
    public void A_status_description_may_be_1000_characters_but_not_more()
    {
        var options = new ExchangeOptions();

        StatusPostValidator.ValidateFields(StatusCode.Rejected, new string('x', 1000), null, null, options);
        var error = Assert.Throws<ExchangeException>(
            () => StatusPostValidator.ValidateFields(StatusCode.Rejected, new string('x', 1001), null, null, options));
        Assert.Equal(ExchangeErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("at most 1000", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_rejection_requires_a_reason(string? description)
    {
        var error = Assert.Throws<ExchangeException>(
            () => StatusPostValidator.ValidateFields(StatusCode.Rejected, description, null, null, new ExchangeOptions()));
        Assert.Equal("status 02 (rejected) requires a reason in the description", error.Message);
    }

    [Fact]
    public void Other_statuses_need_no_description()
    {
        StatusPostValidator.ValidateFields(StatusCode.Accepted, null, null, null, new ExchangeOptions());
    }

    [Fact]
    public void An_unknown_status_code_is_refused()
    {
        var error = Assert.Throws<ExchangeException>(
            () => StatusPostValidator.ValidateFields((StatusCode)7, null, null, null, new ExchangeOptions()));
        Assert.Equal(ExchangeErrorKind.InvalidArgument, error.Kind);
    }

    [Fact]
    public void Options_out_of_range_are_refused_naming_the_setting()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ExchangeOptions { MaxDocumentBytes = 0 }.Validate());
        Assert.Equal(nameof(ExchangeOptions.MaxDocumentBytes), error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExchangeOptions { DefaultPageSize = 100, MaxPageSize = 10 }.Validate());
        new ExchangeOptions().Validate();
    }
}
