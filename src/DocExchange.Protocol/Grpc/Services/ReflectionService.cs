using DocExchange.Protocol.Grpc.Methods;
using DocExchange.Protocol.Grpc.Server;
using DocExchange.Protocol.Reflection.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using V1Alpha = DocExchange.Protocol.Reflection.V1Alpha;

namespace DocExchange.Protocol.Grpc.Services;

/// <summary>
/// Server reflection (grpc/grpc doc/server-reflection.md), v1 and v1alpha, over a fixed set of files, so
/// grpcurl and similar tools can discover the API. Answers list_services, file_by_filename and
/// file_containing_symbol with the file and its transitive dependencies; anything else gets an
/// error_response.
/// </summary>
public sealed class ReflectionService : IGrpcService
{
    private readonly List<string> _serviceNames;
    private readonly Dictionary<string, FileDescriptor> _filesByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileDescriptor> _filesBySymbol = new(StringComparer.Ordinal);

    public ReflectionService(IEnumerable<FileDescriptor> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var roots = files.ToList();
        _serviceNames = roots.SelectMany(f => f.Services).Select(s => s.FullName).Distinct(StringComparer.Ordinal).ToList();
        foreach (var file in roots)
        {
            Index(file);
        }
    }

    public void Bind(GrpcServiceBinder binder)
    {
        ArgumentNullException.ThrowIfNull(binder);
        binder.AddDuplexStreaming(ReflectionV1Methods.ServerReflectionInfo, ServeV1Async);
        binder.AddDuplexStreaming(ReflectionV1AlphaMethods.ServerReflectionInfo, ServeV1AlphaAsync);
    }

    /// <summary>The answer to one request (the v1 and v1alpha messages are the same on the wire).</summary>
    public ServerReflectionResponse Answer(ServerReflectionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = new ServerReflectionResponse { ValidHost = request.Host, OriginalRequest = request };
        switch (request.MessageRequestCase)
        {
            case ServerReflectionRequest.MessageRequestOneofCase.ListServices:
                var list = new ListServiceResponse();
                list.Service.AddRange(_serviceNames.Select(name => new ServiceResponse { Name = name }));
                response.ListServicesResponse = list;
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileByFilename:
                SetFile(response, _filesByName.GetValueOrDefault(request.FileByFilename), $"File '{request.FileByFilename}' not found.");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingSymbol:
                SetFile(response, _filesBySymbol.GetValueOrDefault(request.FileContainingSymbol), $"Symbol '{request.FileContainingSymbol}' not found.");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingExtension:
                SetError(response, StatusCode.NotFound, $"Extension {request.FileContainingExtension.ExtensionNumber} of '{request.FileContainingExtension.ContainingType}' not found.");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType:
                if (_filesBySymbol.ContainsKey(request.AllExtensionNumbersOfType))
                {
                    // proto3 messages declare no extensions.
                    response.AllExtensionNumbersResponse = new ExtensionNumberResponse { BaseTypeName = request.AllExtensionNumbersOfType };
                }
                else
                {
                    SetError(response, StatusCode.NotFound, $"Type '{request.AllExtensionNumbersOfType}' not found.");
                }

                break;
            default:
                SetError(response, StatusCode.Unimplemented, "The request names no known reflection query.");
                break;
        }

        return response;
    }

    private async Task ServeV1Async(
        IAsyncStreamReader<ServerReflectionRequest> requests,
        IServerStreamWriter<ServerReflectionResponse> responses,
        ServerCallContext context)
    {
        while (await requests.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            await responses.WriteAsync(Answer(requests.Current), context.CancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ServeV1AlphaAsync(
        IAsyncStreamReader<V1Alpha.ServerReflectionRequest> requests,
        IServerStreamWriter<V1Alpha.ServerReflectionResponse> responses,
        ServerCallContext context)
    {
        while (await requests.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            var request = ServerReflectionRequest.Parser.ParseFrom(requests.Current.ToByteString());
            var response = V1Alpha.ServerReflectionResponse.Parser.ParseFrom(Answer(request).ToByteString());
            await responses.WriteAsync(response, context.CancellationToken).ConfigureAwait(false);
        }
    }

    private static void SetFile(ServerReflectionResponse response, FileDescriptor? file, string notFound)
    {
        if (file is null)
        {
            SetError(response, StatusCode.NotFound, notFound);
            return;
        }

        var files = new FileDescriptorResponse();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        AddWithDependencies(file);
        response.FileDescriptorResponse = files;

        void AddWithDependencies(FileDescriptor f)
        {
            if (!seen.Add(f.Name))
            {
                return;
            }

            files.FileDescriptorProto.Add(f.SerializedData);
            foreach (var dependency in f.Dependencies)
            {
                AddWithDependencies(dependency);
            }
        }
    }

    private static void SetError(ServerReflectionResponse response, StatusCode code, string message) =>
        response.ErrorResponse = new ErrorResponse { ErrorCode = (int)code, ErrorMessage = message };

    private void Index(FileDescriptor file)
    {
        if (!_filesByName.TryAdd(file.Name, file))
        {
            return;
        }

        foreach (var service in file.Services)
        {
            _filesBySymbol.TryAdd(service.FullName, file);
            foreach (var method in service.Methods)
            {
                _filesBySymbol.TryAdd(method.FullName, file);
            }
        }

        foreach (var message in file.MessageTypes)
        {
            IndexMessage(message, file);
        }

        foreach (var enumType in file.EnumTypes)
        {
            _filesBySymbol.TryAdd(enumType.FullName, file);
        }

        foreach (var dependency in file.Dependencies)
        {
            Index(dependency);
        }
    }

    private void IndexMessage(MessageDescriptor message, FileDescriptor file)
    {
        _filesBySymbol.TryAdd(message.FullName, file);
        foreach (var nested in message.NestedTypes)
        {
            IndexMessage(nested, file);
        }

        foreach (var enumType in message.EnumTypes)
        {
            _filesBySymbol.TryAdd(enumType.FullName, file);
        }
    }
}
