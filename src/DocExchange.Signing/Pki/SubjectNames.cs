namespace DocExchange.Signing.Pki;

/// <summary>Subject names as the sample, demo and test PKIs write them: C=VN, O, an optional title (2.5.4.12), CN.</summary>
public static class SubjectNames
{
    public static X500DistinguishedName Of(string commonName, string organization, string? title = null)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCountryOrRegion("VN");
        builder.AddOrganizationName(organization);
        if (title is not null)
        {
            builder.Add("2.5.4.12", title);
        }
        builder.AddCommonName(commonName);
        return builder.Build();
    }
}
