using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Attendance.BotHost.Tests.Days;

namespace Attendance.BotHost.Tests.Infrastructure;

/// <summary>
/// Schema-driven checking, as Schemathesis does it: every operation of the served document is called with a valid
/// request built from the document (parameters from their names and schema types, mapped to ids the seeded company
/// has; bodies from the document's examples), then with invalid values for each parameter and for the body (wrong type,
/// out-of-range dates, empty, overlong, wrong shape, missing fields, malformed JSON, not JSON), without and with the
/// wrong credential. Every answer must be one the document declares for that operation, problems as
/// application/problem+json, declared media types as declared, and never a 500.
/// </summary>
public sealed class OpenApiSchemaDrivenTests
{
    private static readonly string[] InvalidValues =
        ["abc", "-1", "0", "0001-01-01", "9999-12", "99999999999999999999", "", new string('x', 5000), "2026-02-30", "%00"];

    /// <summary>Valid bodies of the operations whose JSON body has no example in the document (the valid request sends the example).</summary>
    private static readonly Dictionary<string, object> Bodies = new(StringComparer.Ordinal)
    {
        ["POST /api/sessions/oauth/state"] = new { state = "not-a-state" },
    };

    [Fact]
    public async Task Every_documented_route_answers_only_what_the_document_declares()
    {
        await using var host = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite, false,
        [
            .. OpenApiDocumentTests.HostArgs,
            "--Punching:PerIpPerMinute=1000000", "--Punching:PerUserPerMinute=1000000", "--Punching:PerUserRequestsPerMinute=1000000",
            "--Punching:ErrorsPerUserPerMinute=1000000",
        ]);
        await SmallCompany.SeedAsync(host);
        await SmallCompany.Ok(host, HttpMethod.Put, "/api/admin/sites/hq", Site());
        var login = await host.Client.SendAsync(host.Request(HttpMethod.Post, "/api/sessions/dev", new { userId = "wangfang" }));
        var session = JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;

        var document = JsonNode.Parse(await host.Client.GetStringAsync("/openapi/v1.json"))!;
        var operations = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => new Operation(o.Key.ToUpperInvariant(), p.Key, o.Value!.AsObject())))
            // Deletions last, so that everything else meets the seeded data.
            .OrderBy(o => o.Method == "DELETE" ? 1 : 0).ThenBy(o => o.Path, StringComparer.Ordinal)
            .ToList();
        operations.Should().HaveCountGreaterThan(55);

        var failures = new List<string>();
        var calls = 0;
        foreach (var operation in operations)
        {
            foreach (var call in Calls(operation, host.BaseAddress, session))
            {
                calls++;
                using var request = call.Build();
                using var response = await host.Client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                // A valid request with the declared credential and content type is never refused as unauthenticated or not understood.
                var refused = call.Label == "valid" && response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.UnsupportedMediaType
                    or HttpStatusCode.TooManyRequests ? $"the valid request is refused with {(int)response.StatusCode}" : null;
                if ((refused ?? Check(operation, response, body)) is { } failure)
                {
                    failures.Add($"{operation.Method} {operation.Path} [{call.Label}] {request.RequestUri!.PathAndQuery[..Math.Min(request.RequestUri.PathAndQuery.Length, 140)]} → {failure}; body: {body[..Math.Min(body.Length, 200)]}");
                }
            }
        }

        calls.Should().BeGreaterThan(1000);
        failures.Should().BeEmpty($"{failures.Count} of {calls} answers are not what the document declares:\n" + string.Join("\n", failures));
    }

    /// <summary>Null when the answer is one the document declares for the operation; else what is wrong.</summary>
    private static string? Check(Operation operation, HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        if (status == 500)
        {
            return "500";
        }

        var responses = operation.Node["responses"]!.AsObject();
        var declared = responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] ?? responses["default"];
        if (declared is null)
        {
            return $"{status} is not declared (declared: {string.Join(", ", responses.Select(r => r.Key))})";
        }

        var media = response.Content.Headers.ContentType?.MediaType;
        if (declared["content"] is JsonObject content && content.Count > 0 && body.Length > 0)
        {
            var types = content.Select(c => c.Key.Split(';')[0].Trim()).ToList();
            if (media is null || !types.Contains(media, StringComparer.OrdinalIgnoreCase))
            {
                return $"{status} as {media ?? "(no content type)"}, declared {string.Join(", ", types)}";
            }
        }

        if (status >= 400 && media != "application/problem+json")
        {
            return $"{status} as {media ?? "(no content type)"}, not application/problem+json";
        }

        if (status is >= 200 and < 300 && media == "application/json" && body.Length > 0
            && declared["content"]?["application/json"]?["schema"] is { } schema)
        {
            using var json = JsonDocument.Parse(body);
            return Conform(json.RootElement, schema, operation.Document, "$") is { } mismatch ? $"{status} body does not match its schema: {mismatch}" : null;
        }

        return null;
    }

    /// <summary>Null when the value has the schema's type and no property the schema does not declare; else where it differs.</summary>
    private static string? Conform(JsonElement value, JsonNode schema, JsonNode document, string at)
    {
        var resolved = Resolve(schema, document);
        if (resolved is null || value.ValueKind == JsonValueKind.Null || resolved["oneOf"] is not null || resolved["anyOf"] is not null)
        {
            return null;
        }

        var types = TypesOf(resolved);
        var kind = value.ValueKind switch
        {
            JsonValueKind.Object => "object",
            JsonValueKind.Array => "array",
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            _ => "boolean",
        };
        if (types.Count > 0 && !types.Contains(kind) && !(kind == "number" && types.Contains("integer")))
        {
            return $"{at} is {kind}, declared {string.Join("|", types)}";
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            var properties = resolved["properties"] as JsonObject;
            foreach (var property in value.EnumerateObject())
            {
                var declared = properties?[property.Name] ?? resolved["additionalProperties"] as JsonObject;
                if (declared is null)
                {
                    if (properties is null)
                    {
                        continue;
                    }

                    return $"{at}.{property.Name} is not declared";
                }

                if (Conform(property.Value, declared, document, at + "." + property.Name) is { } mismatch)
                {
                    return mismatch;
                }
            }
        }

        if (value.ValueKind == JsonValueKind.Array && resolved["items"] is { } items)
        {
            foreach (var (item, i) in value.EnumerateArray().Take(5).Select((e, i) => (e, i)))
            {
                if (Conform(item, items, document, $"{at}[{i}]") is { } mismatch)
                {
                    return mismatch;
                }
            }
        }

        return null;
    }

    private static IEnumerable<Call> Calls(Operation operation, Uri baseAddress, string session)
    {
        var parameters = operation.Node["parameters"] is JsonArray list ? list.Select(p => p!.AsObject()).ToList() : [];
        var valid = parameters.ToDictionary(p => (string)p["name"]!, p => ValidValue(operation, p, baseAddress), StringComparer.Ordinal);
        var schemes = operation.Node["security"] is JsonArray security
            ? security.SelectMany(r => r!.AsObject().Select(s => s.Key)).ToList()
            : [];
        var bearer = schemes.Contains("adminKey") ? TestHost.AdminKey : schemes.Contains("session") ? session : null;
        var bodyTypes = operation.Node["requestBody"]?["content"] is JsonObject content ? content.Select(c => c.Key).ToList() : [];
        var key = operation.Method + " " + operation.Path;
        var json = bodyTypes.Contains("application/json")
            ? operation.Node["requestBody"]!["content"]!["application/json"]!["example"]?.DeepClone() ?? JsonSerializer.SerializeToNode(Bodies.GetValueOrDefault(key, new { }), TestHost.Json)
            : null;

        HttpContent? ValidBody() => json is not null
            ? new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json")
            : bodyTypes.Contains("multipart/form-data") ? Multipart()
            : bodyTypes.Any(t => t.Contains("xml", StringComparison.Ordinal)) ? new StringContent("<xml><ToUserName>x</ToUserName></xml>", Encoding.UTF8, "text/xml")
            : null;

        Call Make(string label, Dictionary<string, string> values, Func<HttpContent?> body, string? credential) =>
            new(label, () =>
            {
                var request = new HttpRequestMessage(new HttpMethod(operation.Method), Url(operation.Path, parameters, values));
                request.Content = body();
                if (credential is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
                }

                return request;
            });

        yield return Make("valid", valid, ValidBody, bearer);
        if (bearer is not null)
        {
            yield return Make("no credential", valid, ValidBody, null);
            yield return Make("forged credential", valid, ValidBody, "v1.forged.token");
            if (bearer == TestHost.AdminKey)
            {
                // An employee's session on the admin API: 403, declared.
                yield return Make("employee session", valid, ValidBody, session);
            }
        }

        foreach (var parameter in parameters)
        {
            var name = (string)parameter["name"]!;
            var inPath = (string?)parameter["in"] == "path";
            foreach (var value in InvalidValues.Where(v => !inPath || v.Length > 0))
            {
                yield return Make($"{name}={Short(value)}", new Dictionary<string, string>(valid, StringComparer.Ordinal) { [name] = value }, ValidBody, bearer);
            }

            if (!inPath)
            {
                yield return Make($"without {name}", valid.Where(v => v.Key != name).ToDictionary(StringComparer.Ordinal), ValidBody, bearer);
            }
        }

        if (json is not null)
        {
            foreach (var (label, text) in InvalidBodies(json, operation.Node["requestBody"]!, operation.Document))
            {
                yield return Make(label, valid, () => new StringContent(text, Encoding.UTF8, "application/json"), bearer);
            }

            yield return Make("body as text/plain", valid, () => new StringContent(json.ToJsonString(), Encoding.UTF8, "text/plain"), bearer);
            yield return Make("no body", valid, () => null, bearer);
        }
    }

    /// <summary>Bodies of the wrong shape, missing fields, malformed, and each declared property of the wrong type.</summary>
    private static IEnumerable<(string Label, string Json)> InvalidBodies(JsonNode valid, JsonNode requestBody, JsonNode document)
    {
        yield return ("body []", "[]");
        yield return ("body {}", "{}");
        yield return ("body null", "null");
        yield return ("body 42", "42");
        yield return ("body malformed", "{\"a\":");
        yield return ("body trailing comma", valid.ToJsonString().TrimEnd('}') + ",}");
        var schema = Resolve(requestBody["content"]?["application/json"]?["schema"], document);
        if (schema?["properties"] is not JsonObject properties)
        {
            yield break;
        }

        foreach (var (name, property) in properties)
        {
            var resolved = Resolve(property, document);
            var types = TypesOf(resolved);
            var wrong = new List<JsonNode?>();
            if (types.Contains("string"))
            {
                wrong.AddRange([JsonValue.Create(12345), JsonValue.Create(new string('x', 5000)), JsonValue.Create("0001-01-01"), JsonValue.Create("")]);
            }

            if (types.Contains("integer") || types.Contains("number"))
            {
                wrong.AddRange([JsonValue.Create("abc"), JsonValue.Create(1e300), JsonValue.Create(-1)]);
            }

            if (types.Contains("boolean"))
            {
                wrong.Add(JsonValue.Create("yes"));
            }

            if (types.Contains("array"))
            {
                wrong.AddRange([new JsonObject { ["a"] = 1 }, new JsonArray(new JsonObject())]);
            }

            if (types.Contains("object") || types.Count == 0)
            {
                wrong.AddRange([JsonValue.Create("x"), new JsonArray()]);
            }

            foreach (var value in wrong)
            {
                var body = valid.DeepClone().AsObject();
                body[name] = value;
                yield return ($"body.{name}={Short(value?.ToJsonString() ?? "null")}", body.ToJsonString());
            }
        }
    }

    private static JsonNode? Resolve(JsonNode? schema, JsonNode document)
    {
        for (var i = 0; i < 5 && schema?["$ref"] is { } reference; i++)
        {
            schema = document["components"]!["schemas"]![((string)reference!).Split('/')[^1]];
        }

        return schema;
    }

    private static HashSet<string> TypesOf(JsonNode? schema)
    {
        var types = new HashSet<string>(StringComparer.Ordinal);
        switch (schema?["type"])
        {
            case JsonArray array:
                types.UnionWith(array.Select(t => (string)t!));
                break;
            case JsonValue value:
                types.Add((string)value!);
                break;
        }

        foreach (var option in (schema?["oneOf"] as JsonArray ?? []).Concat(schema?["anyOf"] as JsonArray ?? []))
        {
            types.UnionWith(TypesOf(option));
        }

        if (schema?["properties"] is not null || schema?["$ref"] is not null)
        {
            types.Add("object");
        }

        types.Remove("null");
        return types;
    }

    /// <summary>A value that names something the seeded company has, by the parameter's name and path; else from its schema type.</summary>
    private static string ValidValue(Operation operation, JsonObject parameter, Uri baseAddress)
    {
        var name = (string)parameter["name"]!;
        var path = operation.Path;
        if (parameter["schema"]?["enum"] is JsonArray values && values.Count > 0)
        {
            return (string)values[0]!;
        }

        return name switch
        {
            "id" when path.StartsWith("/api/admin/departments", StringComparison.Ordinal) => "1",
            "id" when path.StartsWith("/api/admin/sites", StringComparison.Ordinal) => "hq",
            "id" when path.StartsWith("/api/admin/shifts", StringComparison.Ordinal) => "day",
            "id" or "punchId" or "departmentId" => "1",
            "userId" => "zhangwei",
            "confirm" => "zhangwei",
            "date" => SmallCompany.Monday,
            "from" => "2026-10-01",
            "to" => "2026-10-31",
            "month" => "2026-10",
            "year" => "2026",
            "name" when path.Contains("/jobs/", StringComparison.Ordinal) => "finalize-days",
            "name" => "张",
            "state" when path.StartsWith("/api/admin/outbox", StringComparison.Ordinal) => "pending",
            "state" => "all",
            "format" => "json",
            "limit" => "10",
            "offset" => "0",
            "active" => "true",
            "latitude" => "31.23",
            "longitude" => "121.47",
            "accuracy" => "20",
            "coordinateSystem" => "gcj02",
            "bssid" => "aa:bb:cc:dd:ee:ff",
            "url" or "redirectUri" => new Uri(baseAddress, "punch").ToString(),
            "path" => "index.html",
            _ => (string?)parameter["schema"]?["type"] switch
            {
                "integer" or "number" => "1",
                "boolean" => "true",
                _ => "x",
            },
        };
    }

    private static string Url(string template, List<JsonObject> parameters, Dictionary<string, string> values)
    {
        var path = template;
        var query = new List<string>();
        foreach (var parameter in parameters)
        {
            var name = (string)parameter["name"]!;
            if (!values.TryGetValue(name, out var value))
            {
                continue;
            }

            if ((string?)parameter["in"] == "path")
            {
                path = path.Replace("{" + name + "}", Uri.EscapeDataString(value), StringComparison.Ordinal);
            }
            else
            {
                query.Add(Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value));
            }
        }

        return query.Count == 0 ? path : path + "?" + string.Join("&", query);
    }

    private static MultipartFormDataContent Multipart()
    {
        var content = new MultipartFormDataContent();
        // A well-formed 1×1 PNG: read and decoded, then refused for having no face (or the model pack missing).
        var photo = new ByteArrayContent(Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="));
        photo.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        content.Add(photo, "photo", "photo.png");
        return content;
    }

    private static object Site() => new
    {
        name = "总部",
        coordinateSystem = "gcj02",
        circle = new { latitude = 31.23, longitude = 121.47, radiusMeters = 300 },
        departmentIds = new[] { 1 },
    };

    private static string Short(string value) => value.Length > 20 ? value[..8] + $"…({value.Length})" : value;

    private sealed record Operation(string Method, string Path, JsonObject Node)
    {
        public JsonNode Document => Node.Root;
    }

    private sealed record Call(string Label, Func<HttpRequestMessage> Build);
}
