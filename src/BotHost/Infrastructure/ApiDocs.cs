using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Attendance.BotHost.Infrastructure;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c> (always served: it is the contract, and holds no secret) and, when
/// <c>ApiDocs:Reference</c> is on, Scalar's interactive reference at <c>/docs</c> (default: on under <c>--demo</c> and
/// in Development, off elsewhere). <c>ApiDocs:Document=false</c> stops serving the document (and so the reference).
/// <para>
/// Routes declare what they answer themselves (typed results, <c>Produces</c>); the answers given outside a handler
/// are added here, in one place (<see cref="OperationShape"/>): 401/403 of the guard a route has (<see cref="ApiAuth"/>,
/// attached with the guard), 400/413/415 of a JSON body, 400 of query and route values, 404 of a route value that
/// does not match, 429 of the rate limiter and 503 of an unreachable store on <c>/api</c>.
/// </para>
/// </summary>
public static class ApiDocs
{
    public const string DocumentName = "v1";

    public const string Section = "ApiDocs";

    /// <summary>The security scheme of <c>Authorization: Bearer &lt;admin key&gt;</c>.</summary>
    public const string AdminKeyScheme = "adminKey";

    /// <summary>The security scheme of <c>Authorization: Bearer &lt;session token&gt;</c> from <c>/api/sessions/*</c>.</summary>
    public const string SessionScheme = "session";

    public const string ProblemJson = "application/problem+json";

    /// <summary>Paths left out of the document: the <c>/demo</c> page and its API exist only under <c>--demo</c>.</summary>
    public static bool IsExcluded(string? relativePath) =>
        relativePath is not null && (relativePath == "demo" || relativePath.StartsWith("demo/", StringComparison.Ordinal));

    public static IServiceCollection AddApiDocs(this IServiceCollection services)
    {
        services.AddOpenApi(DocumentName, o =>
        {
            o.ShouldInclude = d => (d.GroupName is null || string.Equals(d.GroupName, DocumentName, StringComparison.Ordinal)) && !IsExcluded(d.RelativePath);
            o.AddOperationTransformer<OperationShape>();
            o.AddDocumentTransformer<DocumentShape>();
            o.AddSchemaTransformer((schema, context, _) =>
            {
                // Null is never written (JsonIgnoreCondition.WhenWritingNull) and may be left out of a body: a nullable
                // property is optional, whatever the constructor says.
                if (schema.Required is { Count: > 0 } required && schema.Properties is { } properties)
                {
                    var annotated = context.JsonTypeInfo.Properties.Where(p => p.IsGetNullable || p.IsSetNullable).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                    foreach (var name in required.Where(n => annotated.Contains(n) || (properties.TryGetValue(n, out var property) && Nullable(property))).ToList())
                    {
                        required.Remove(name);
                    }
                }

                return Task.CompletedTask;
            });
        });
        return services;
    }

    private static bool Nullable(IOpenApiSchema property) =>
        property.Type is { } type ? (type & JsonSchemaType.Null) != 0
            : (property.OneOf ?? []).Concat(property.AnyOf ?? []).Any(s => s.Type is { } t && (t & JsonSchemaType.Null) != 0);

    /// <summary>Reads <c>ApiDocs:Document</c> and <c>ApiDocs:Reference</c>; a value that is not a boolean stops the start.</summary>
    public static (bool Document, bool Reference) Settings(IConfiguration configuration, bool demo, bool development)
    {
        var failures = new List<string>();
        var document = Flag(configuration, "Document", failures) ?? true;
        var reference = Flag(configuration, "Reference", failures) ?? (demo || development);
        return failures.Count > 0 ? throw new OptionsValidationException(Section, typeof(ApiDocsSettings), failures) : (document, document && reference);
    }

    public static void MapApiDocs(this ApiGroups groups, bool document, bool reference)
    {
        if (document)
        {
            groups.Public.MapOpenApi("/openapi/{documentName}.json");
        }

        if (reference)
        {
            groups.Public.MapScalarApiReference("/docs");
        }
    }

    private static bool? Flag(IConfiguration configuration, string key, List<string> failures)
    {
        var text = configuration[$"{Section}:{key}"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (bool.TryParse(text.Trim(), out var value))
        {
            return value;
        }

        failures.Add($"{Section}:{key} must be true or false.");
        return null;
    }

    /// <summary>The configuration section, named for its validation messages.</summary>
    public sealed class ApiDocsSettings;
}

/// <summary>
/// A request body read by hand (<see cref="JsonBody{T}"/>, multipart, XML), for the document only. Not
/// <c>Accepts</c>: the framework enforces that metadata as a content-type match (415 before the handler), and these
/// routes answer a wrong content type themselves, with a problem that says what to send.
/// </summary>
public sealed record ApiRequestBody(Type Type, bool Optional, IReadOnlyList<string> ContentTypes);

/// <summary>
/// For the document: the <c>multipart/form-data</c> alternative of a JSON body (described by <see cref="ApiRequestBody"/>):
/// the same JSON as part <see cref="JsonPart"/>, and an optional file as part <see cref="FilePart"/>.
/// </summary>
public sealed record ApiMultipartBody(string JsonPart, string FilePart, string FileDescription, IReadOnlyList<string> FileContentTypes);

public static class ApiRequestBodyExtensions
{
    public static RouteHandlerBuilder DescribesBody<T>(this RouteHandlerBuilder route, bool optional, params string[] contentTypes) =>
        route.WithMetadata(new ApiRequestBody(typeof(T), optional, contentTypes));
}

/// <summary>Which credentials a guard accepts, for the document: any one of <see cref="Schemes"/>.</summary>
public sealed class ApiAuth(params string[] schemes)
{
    public static readonly ApiAuth Admin = new(ApiDocs.AdminKeyScheme, ApiDocs.SessionScheme);

    public static readonly ApiAuth Session = new(ApiDocs.SessionScheme);

    public IReadOnlyList<string> Schemes { get; } = schemes;
}

/// <summary>The answers every route of a kind gives outside its handler (see <see cref="ApiDocs"/>).</summary>
internal sealed class OperationShape : IOpenApiOperationTransformer
{
    /// <summary>As the service writes JSON: camelCase, nulls left out.</summary>
    private static readonly JsonSerializerOptions Examples = ExampleOptions();

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var path = description.RelativePath ?? "";
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var problem = await ProblemSchemaAsync(context, cancellationToken);
        operation.Responses ??= [];
        if (metadata.OfType<ApiRequestBody>().LastOrDefault() is { } body && operation.RequestBody is null)
        {
            IOpenApiSchema schema = await context.GetOrCreateSchemaAsync(body.Type, null, cancellationToken);
            if (schema.Properties is { Count: > 0 } && context.Document is { } document)
            {
                // A named component, as the framework's own bodies are.
                if (document.Components?.Schemas?.ContainsKey(body.Type.Name) != true)
                {
                    document.AddComponent(body.Type.Name, schema);
                }

                schema = new OpenApiSchemaReference(body.Type.Name, document);
            }

            var content = body.ContentTypes.ToDictionary(c => c, _ => new OpenApiMediaType { Schema = schema }, StringComparer.Ordinal);
            if (ApiExamples.For(body.Type) is { } example && content.TryGetValue("application/json", out var media))
            {
                media.Example = JsonSerializer.SerializeToNode(example, Examples);
            }

            if (metadata.OfType<ApiMultipartBody>().LastOrDefault() is { } form)
            {
                content["multipart/form-data"] = Multipart(form, schema);
            }

            operation.RequestBody = new OpenApiRequestBody { Required = !body.Optional, Content = content };
        }

        if (metadata.OfType<ApiAuth>().LastOrDefault() is { } auth)
        {
            operation.Security = [.. auth.Schemes.Select(s => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(s, context.Document)] = [] })];
            Add(operation, problem, StatusCodes.Status401Unauthorized, "No credential, or an invalid, expired or revoked one.");
            Add(operation, problem, StatusCodes.Status403Forbidden, "The credential may not use this route (or the employee is inactive or has left).");
        }

        var parameters = operation.Parameters ?? [];
        var json = operation.RequestBody?.Content?.ContainsKey("application/json") == true;
        if (json)
        {
            Add(operation, problem, StatusCodes.Status400BadRequest, "Invalid fields, named in errors.");
            Add(operation, problem, StatusCodes.Status413PayloadTooLarge, "The body is too large.");
            Add(operation, problem, StatusCodes.Status415UnsupportedMediaType, "The body is not JSON.");
        }

        var api = path.StartsWith("api/", StringComparison.Ordinal);
        if (api && parameters.Count > 0)
        {
            Add(operation, problem, StatusCodes.Status400BadRequest, "Invalid fields, named in errors.");
        }

        if (parameters.Any(p => p.In == ParameterLocation.Path))
        {
            Add(operation, problem, StatusCodes.Status404NotFound, "Not found (or a route value of the wrong form).");
        }

        if (api)
        {
            Add(operation, problem, StatusCodes.Status429TooManyRequests, "Too many requests; retry after Retry-After.");
            Add(operation, problem, StatusCodes.Status503ServiceUnavailable, "The store (or a service this route needs) is unavailable; retry later.");
        }
    }

    private static JsonSerializerOptions ExampleOptions()
    {
        var options = new JsonSerializerOptions();
        JsonSetup.Configure(options);
        return options;
    }

    private static OpenApiMediaType Multipart(ApiMultipartBody form, IOpenApiSchema json) => new()
    {
        Schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string>(StringComparer.Ordinal) { form.JsonPart },
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                [form.JsonPart] = json,
                [form.FilePart] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = form.FileDescription },
            },
        },
        Encoding = new Dictionary<string, OpenApiEncoding>(StringComparer.Ordinal)
        {
            [form.JsonPart] = new() { ContentType = "application/json" },
            [form.FilePart] = new() { ContentType = string.Join(", ", form.FileContentTypes) },
        },
    };

    private static async Task<IOpenApiSchema> ProblemSchemaAsync(OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        const string id = nameof(ProblemDetails);
        if (context.Document?.Components?.Schemas?.ContainsKey(id) != true)
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken);
            context.Document?.AddComponent(id, schema);
        }

        return new OpenApiSchemaReference(id, context.Document);
    }

    private static void Add(OpenApiOperation operation, IOpenApiSchema problem, int status, string description)
    {
        var key = status.ToString(CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key))
        {
            return;
        }

        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { [ApiDocs.ProblemJson] = new() { Schema = problem } },
        };
    }
}

/// <summary>Title, the two security schemes, tags by area, no server (the document is the same wherever it is served).</summary>
internal sealed class DocumentShape : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Attendance API",
            Version = "1",
            Description = "WeCom attendance service. Errors are RFC 7807 application/problem+json; dates are yyyy-MM-dd between 2000-01-01 and 2099-12-31.",
        };
        document.Servers = [];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [ApiDocs.AdminKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "Authorization: Bearer <admin key> (Security:AdminKeys). The admin routes also accept the session of an HR or admin employee; the review routes that of a reviewer.",
            },
            [ApiDocs.SessionScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "v1.<payload>.<signature>",
                Description = "Authorization: Bearer <session token> from POST /api/sessions/oauth, /miniprogram or /dev.",
            },
        };

        var tags = new SortedSet<string>(StringComparer.Ordinal);
        var sorted = new OpenApiPaths();
        foreach (var (path, item) in document.Paths.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var tag = Tag(path);
            tags.Add(tag);
            foreach (var operation in item.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            {
                operation.Tags = new HashSet<OpenApiTagReference> { new(tag, document) };
            }

            sorted.Add(path, item);
        }

        document.Paths = sorted;
        document.Tags = new HashSet<OpenApiTag>(tags.Select(t => new OpenApiTag { Name = t }));
        if (document.Components.Schemas is { } schemas)
        {
            document.Components.Schemas = schemas.OrderBy(s => s.Key, StringComparer.Ordinal).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        }

        return Task.CompletedTask;
    }

    private static string Tag(string path)
    {
        var segments = path.Trim('/').Split('/');
        return segments switch
        {
            ["api", "admin", "punches", ..] when segments.Length > 3 && segments[3] != "import" => "Review",
            ["api", "admin", "punches"] => "Review",
            ["api", "admin", var area, ..] => "Admin: " + area,
            ["api", "me", ..] => "Me",
            ["api", "sessions", ..] => "Sessions",
            ["api", "punches", ..] => "Me",
            ["api", "punch-page", ..] => "Punch page",
            ["punch", ..] => "Punch page",
            ["wecom", ..] => "WeCom",
            _ => "Health",
        };
    }
}
