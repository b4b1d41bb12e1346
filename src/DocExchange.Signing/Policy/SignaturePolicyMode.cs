namespace DocExchange.Signing.Policy;

/// <summary>How strictly a deployment applies the official-document signature policy.</summary>
public enum SignaturePolicyMode
{
    /// <summary>Signatures are reported, never required.</summary>
    Off,
    /// <summary>A valid personal signature of the competent person is required.</summary>
    PersonalOnly,
    /// <summary>Nghị định 30/2020 Art. 5: a valid personal signature and a valid seal of the sending agency.</summary>
    Required,
}
