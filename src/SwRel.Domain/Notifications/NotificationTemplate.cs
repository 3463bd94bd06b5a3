using System.Collections.Immutable;

namespace SwRel.Domain.Notifications;

/// <summary>One state's notification rule, frozen when the workflow is built so that a transition only fills in the major release.</summary>
/// <param name="Recipients">Who is notified directly.</param>
/// <param name="CcGroups">The CC group names, possibly with the major-release placeholder.</param>
/// <param name="HasPlaceholder">Whether any CC group name holds the placeholder.</param>
/// <param name="IncludeReason">Whether the reason is passed on.</param>
internal readonly record struct NotificationTemplate(NotificationRecipients Recipients, ImmutableArray<string> CcGroups, bool HasPlaceholder, bool IncludeReason);
