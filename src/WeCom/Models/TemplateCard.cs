using System.Text.Json.Serialization;

namespace Attendance.WeCom.Models;

/// <summary>template_card; we use card_type button_interaction, whose clicks return as template_card_event.</summary>
public sealed class TemplateCardContent
{
    public const string ButtonInteraction = "button_interaction";

    [JsonPropertyName("card_type")]
    public string CardType { get; set; } = ButtonInteraction;

    [JsonPropertyName("source")]
    public TemplateCardSource? Source { get; set; }

    [JsonPropertyName("main_title")]
    public TemplateCardTitle? MainTitle { get; set; }

    [JsonPropertyName("sub_title_text")]
    public string? SubTitleText { get; set; }

    [JsonPropertyName("horizontal_content_list")]
    public List<TemplateCardKeyValue>? HorizontalContentList { get; set; }

    [JsonPropertyName("card_action")]
    public TemplateCardAction? CardAction { get; set; }

    [JsonPropertyName("task_id")]
    public string? TaskId { get; set; }

    [JsonPropertyName("button_list")]
    public List<TemplateCardButton>? ButtonList { get; set; }
}

public sealed class TemplateCardSource
{
    [JsonPropertyName("icon_url")]
    public string? IconUrl { get; set; }

    [JsonPropertyName("desc")]
    public string? Description { get; set; }
}

public sealed class TemplateCardTitle
{
    [JsonPropertyName("title")]
    public string? Title { get; set; }

    [JsonPropertyName("desc")]
    public string? Description { get; set; }
}

public sealed class TemplateCardKeyValue
{
    [JsonPropertyName("keyname")]
    public string KeyName { get; set; } = "";

    [JsonPropertyName("value")]
    public string? Value { get; set; }
}

public sealed class TemplateCardAction
{
    /// <summary>1 opens <see cref="Url"/>, 2 opens a mini-program.</summary>
    [JsonPropertyName("type")]
    public int Type { get; set; } = 1;

    [JsonPropertyName("url")]
    public string? Url { get; set; }
}

public sealed class TemplateCardButton
{
    [JsonPropertyName("text")]
    public string Text { get; set; } = "";

    /// <summary>1 blue, 2 grey, 3 red, 4 green.</summary>
    [JsonPropertyName("style")]
    public int? Style { get; set; }

    /// <summary>Comes back as EventKey in the click event.</summary>
    [JsonPropertyName("key")]
    public string Key { get; set; } = "";
}
