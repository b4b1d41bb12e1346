using DocExchange.Server.Services.Mapping;
using DocExchange.Signing.Pades;
using Domain = DocExchange.Signing.Validation;
using Proto = DocExchange.Protocol.V1;

namespace DocExchange.Integration.Tests;

/// <summary>Every value of the library's report enums has its own docexchange.v1 counterpart of the same name.</summary>
public sealed class ValidationReportMappingTests
{
    [Fact]
    public void Every_sub_indication_maps_to_the_protobuf_value_of_the_same_name()
    {
        foreach (var value in Enum.GetValues<Domain.SubIndication>())
        {
            Assert.Equal(value.ToString(), ValidationReportMapping.ToProto(value).ToString());
        }
    }

    [Fact]
    public void Every_indication_kind_and_verdict_maps_to_the_protobuf_value_of_the_same_name()
    {
        Assert.All(Enum.GetValues<Domain.Indication>(), v => Assert.Equal(v.ToString(), ValidationReportMapping.ToProto(v).ToString()));
        Assert.All(Enum.GetValues<Domain.ModificationVerdict>(), v => Assert.Equal(v.ToString(), ValidationReportMapping.ToProto(v).ToString()));
        Assert.All(Enum.GetValues<Domain.SignatureKind>(), v => Assert.Equal(v.ToString(), ValidationReportMapping.ToProto(v).ToString()));
    }

    [Fact]
    public void Every_baseline_level_maps_to_its_protobuf_level_and_back()
    {
        Assert.Equal(
            [Proto.SignatureLevel.Unspecified, Proto.SignatureLevel.BB, Proto.SignatureLevel.BT, Proto.SignatureLevel.BLt, Proto.SignatureLevel.BLta],
            Enum.GetValues<PadesLevel>().Select(ValidationReportMapping.ToProto));
        Assert.All(Enum.GetValues<PadesLevel>().Where(l => l != PadesLevel.None),
            l => Assert.Equal(l, ValidationReportMapping.ToDomain(ValidationReportMapping.ToProto(l))));
    }
}
