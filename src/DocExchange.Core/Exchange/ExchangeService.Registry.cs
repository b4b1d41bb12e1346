using DocExchange.Core.Agencies;
using DocExchange.Core.Auditing;
using DocExchange.Core.Documents;
using DocExchange.Core.Errors;
using DocExchange.Core.Paging;
using DocExchange.Core.Storage;

namespace DocExchange.Core.Exchange;

public sealed partial class ExchangeService
{
    private const string AgencyPageKind = "agencies";

    /// <summary>Registers an agency (active), recording <paramref name="actor"/> as a role without a certificate.</summary>
    public Task<Agency> RegisterAgencyAsync(AgencyRegistration registration, string actor, CancellationToken cancellationToken) =>
        RegisterAgencyAsync(registration, ExchangeActor.ForRole(actor), cancellationToken);

    /// <summary>Registers an agency (active). AlreadyExists if its code is taken.</summary>
    /// <param name="actor">Who registers it (an operator), for the audit trail.</param>
    public async Task<Agency> RegisterAgencyAsync(AgencyRegistration registration, ExchangeActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(registration);
        var code = ParseCode(registration.Code, "agency code");
        FieldRules.Required(registration.Name, "agency name", _options.MaxAgencyNameLength);
        var contact = registration.Contact ?? AgencyContact.Empty;
        ValidateContact(contact);

        var trustedCas = ReadTrustedCas(registration.TrustedCaDer ?? []);
        var pins = ReadPins(registration.PinnedThumbprints ?? []);

        var now = Now;
        var agency = new Agency(code, registration.Name.Trim(), contact, Active: true, now, now) { TrustedCas = trustedCas, PinnedThumbprints = pins };
        var audit = AuditEventRecord.Simple(now, actor, AuditActions.AgencyRegistered, AuditActions.OutcomeOk, $"agency={code}");
        if (!await _store.TryInsertAgencyAsync(agency, audit, cancellationToken).ConfigureAwait(false))
            throw ExchangeException.AlreadyExists($"agency {code} is already registered: use UpdateAgency to change it");
        OnAgencyChanged(code);
        await AuditCommittedAsync().ConfigureAwait(false);
        return agency;
    }

    /// <summary>Changes an agency, recording <paramref name="actor"/> as a role without a certificate.</summary>
    public Task<Agency> UpdateAgencyAsync(AgencyUpdate update, string actor, CancellationToken cancellationToken) =>
        UpdateAgencyAsync(update, ExchangeActor.ForRole(actor), cancellationToken);

    /// <summary>Changes an agency's name or contact, or reactivates it.</summary>
    public async Task<Agency> UpdateAgencyAsync(AgencyUpdate update, ExchangeActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(update);
        var existing = await GetAgencyAsync(update.Code, cancellationToken).ConfigureAwait(false);
        if (update.Name is not null) FieldRules.Required(update.Name, "agency name", _options.MaxAgencyNameLength);
        if (update.Contact is not null) ValidateContact(update.Contact);

        var now = Now;
        var changed = existing with
        {
            Name = string.IsNullOrWhiteSpace(update.Name) ? existing.Name : update.Name.Trim(),
            Contact = update.Contact ?? existing.Contact,
            Active = existing.Active || update.Reactivate,
            UpdatedAt = now,
        };
        var detail = update.Reactivate && !existing.Active ? $"agency={changed.Code};reactivated" : $"agency={changed.Code}";
        await _store.UpdateAgencyAsync(changed, AuditEventRecord.Simple(now, actor, AuditActions.AgencyUpdated, AuditActions.OutcomeOk, detail), cancellationToken)
            .ConfigureAwait(false);
        OnAgencyChanged(changed.Code);
        await AuditCommittedAsync().ConfigureAwait(false);
        return changed;
    }

    /// <summary>Deactivates an agency, recording <paramref name="actor"/> as a role without a certificate.</summary>
    public Task<Agency> DeactivateAgencyAsync(string code, string? reason, string actor, CancellationToken cancellationToken) =>
        DeactivateAgencyAsync(code, reason, ExchangeActor.ForRole(actor), cancellationToken);

    /// <summary>Deactivates an agency: it can neither send nor be sent to. Its existing documents stay readable.</summary>
    public async Task<Agency> DeactivateAgencyAsync(string code, string? reason, ExchangeActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var existing = await GetAgencyAsync(code, cancellationToken).ConfigureAwait(false);
        FieldRules.Length(reason, "deactivation reason", _options.MaxStatusDescriptionLength);
        if (!existing.Active) return existing;
        var now = Now;
        var changed = existing with { Active = false, UpdatedAt = now };
        await _store.UpdateAgencyAsync(changed,
                AuditEventRecord.Simple(now, actor, AuditActions.AgencyDeactivated, AuditActions.OutcomeOk,
                    string.IsNullOrEmpty(reason) ? $"agency={changed.Code}" : $"agency={changed.Code};reason={AuditDetail.Escape(reason)}"), cancellationToken)
            .ConfigureAwait(false);
        OnAgencyChanged(changed.Code);
        await AuditCommittedAsync().ConfigureAwait(false);
        return changed;
    }

    /// <summary>A registered agency; NotFound otherwise.</summary>
    public async Task<Agency> GetAgencyAsync(string code, CancellationToken cancellationToken)
    {
        var parsed = ParseCode(code, "agency code");
        return await _store.FindAgencyAsync(parsed, cancellationToken).ConfigureAwait(false)
            ?? throw ExchangeException.NotFound($"agency {parsed} is not registered");
    }

    /// <summary>Registered agencies below a code: its direct children, or every descendant when <paramref name="recursive"/>.</summary>
    public async Task<Page<Agency>> ListChildrenAsync(
        string code, bool recursive, bool includeInactive, PageRequest? page, CancellationToken cancellationToken)
    {
        var parent = ParseCode(code, "agency code");
        var size = PageSize(page);
        var after = PageToken.Decode(AgencyPageKind, page?.PageToken) is { } position
            ? AgencyCode.TryParse(position, out var afterCode) ? afterCode : throw ExchangeException.InvalidArgument("page token is not valid for this listing")
            : (AgencyCode?)null;
        var agencies = await _store.ListDescendantsAsync(parent, recursive, includeInactive, after, size + 1, cancellationToken)
            .ConfigureAwait(false);
        if (agencies.Count <= size) return new Page<Agency>(agencies, null);
        var items = agencies.Take(size).ToList();
        return new Page<Agency>(items, PageToken.Encode(AgencyPageKind, items[^1].Code.Value));
    }

    private void ValidateContact(AgencyContact contact)
    {
        FieldRules.Length(contact.Address, "address", _options.MaxContactFieldLength);
        FieldRules.Length(contact.Email, "email", _options.MaxContactFieldLength);
        FieldRules.Length(contact.Telephone, "telephone", _options.MaxContactFieldLength);
        FieldRules.Length(contact.Fax, "fax", _options.MaxContactFieldLength);
        FieldRules.Length(contact.Website, "website", _options.MaxContactFieldLength);
    }

    /// <summary>The sending agency must be registered and active.</summary>
    private async Task RequireActiveSenderAsync(AgencyCode sender, CancellationToken cancellationToken) =>
        RequireActiveSender(sender, (await _store.FindAgencyAsync(sender, cancellationToken).ConfigureAwait(false))?.Active);

    /// <param name="active">Whether the sender is active; null when it is not registered.</param>
    private static void RequireActiveSender(AgencyCode sender, bool? active)
    {
        if (active is null)
            throw ExchangeException.PermissionDenied($"agency {sender} is not registered and cannot send: ask an operator to register it");
        if (active == false)
            throw ExchangeException.FailedPrecondition($"agency {sender} is deactivated and cannot send: ask an operator to reactivate it");
    }

    private async Task RequireRegisteredAsync(AgencyCode agency, CancellationToken cancellationToken)
    {
        if (await _store.FindAgencyAsync(agency, cancellationToken).ConfigureAwait(false) is null)
            throw ExchangeException.PermissionDenied($"agency {agency} is not registered: ask an operator to register it");
    }
}
