namespace DocExchange.Signing.Pades;

/// <summary>
/// What a certification signature lets later revisions change: the DocMDP /P value (ISO 32000-1 §12.8.2.2.2,
/// Table 254). Signing, DSS data and document time-stamps are always allowed except under <see cref="NoChanges"/>.
/// </summary>
public enum CertificationLevel
{
    /// <summary>P=1: no change at all; the document cannot even be signed again.</summary>
    NoChanges = 1,
    /// <summary>P=2: filling in forms, instantiating page templates and signing.</summary>
    FormFillingAndSigning = 2,
    /// <summary>P=3: as P=2, plus creating, deleting and modifying annotations.</summary>
    AnnotationsFormFillingAndSigning = 3,
}
