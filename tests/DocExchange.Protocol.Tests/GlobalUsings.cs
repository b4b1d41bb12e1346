// DocExchange.Protocol.V1 also has a StatusCode (edXML statuses); in these tests it is always gRPC's.
global using StatusCode = DocExchange.Protocol.Grpc.StatusCode;
