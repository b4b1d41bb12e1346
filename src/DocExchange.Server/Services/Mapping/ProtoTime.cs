using Google.Protobuf.WellKnownTypes;

namespace DocExchange.Server.Services.Mapping;

internal static class ProtoTime
{
    public static Timestamp ToProto(this DateTimeOffset time) => Timestamp.FromDateTimeOffset(time);

    public static DateTimeOffset? ToDomain(this Timestamp? time) => time is null ? null : time.ToDateTimeOffset();
}
