using System.Xml;
using System.Xml.Linq;

namespace Attendance.WeCom.Callback;

/// <summary>Reads callback XML with DTDs and external resolution off, so XXE and entity bombs fail.</summary>
internal static class WeComCallbackXml
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        MaxCharactersFromEntities = 0,
    };

    /// <summary>Leaf elements under the root by name; nested leaves are flattened, the first occurrence wins.</summary>
    public static Dictionary<string, string> ReadElements(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        XElement root;
        try
        {
            using var text = new StringReader(xml);
            using var reader = XmlReader.Create(text, Settings);
            root = XElement.Load(reader);
        }
        catch (XmlException ex)
        {
            throw new WeComCallbackXmlException(ex.Message, ex);
        }
        if (root.Name.LocalName != "xml")
            throw new WeComCallbackXmlException($"root element is <{root.Name.LocalName}>, expected <xml>");

        var elements = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var element in root.Descendants())
        {
            if (!element.HasElements)
                elements.TryAdd(element.Name.LocalName, element.Value);
        }
        return elements;
    }
}
