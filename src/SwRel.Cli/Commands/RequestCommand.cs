using System.CommandLine;
using System.Text.Json;
using SwRel.Domain.Requests;
using SwRel.Domain.Workflow;

namespace SwRel.Cli.Commands;

/// <summary>
/// <c>swrel request</c>: validates a transition request (SPEC §6) given as flags, or as a
/// form-encoded or JSON body on standard input when no flags are given.
/// </summary>
internal static class RequestCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(CliConsole console)
    {
        var ticket = new Option<string>("--ticket") { Description = "Ticket_Id: the ticket number." };
        var previous = new Option<string>("--previous") { Description = "Previous_Rollout_Progress: the state the ticket left." };
        var current = new Option<string>("--current") { Description = "Current_Rollout_Progress: the state the ticket entered." };
        var emergency = new Option<string>("--emergency") { Description = "Emergency_Release: Yes or No (default No)." };
        var policy = new Option<string>("--emergency-policy")
        {
            Description = "Emergency policy: FastStagedRollout (default) or StraightToProduction.",
            DefaultValueFactory = _ => "FastStagedRollout",
        };
        var format = CommonOptions.Format();
        var command = new Command(
            "request",
            "Validate a transition request: flags, or a form body (Ticket_Id=1&Previous_Rollout_Progress=...) or a JSON body on stdin. Exit 0 valid, 1 invalid.");
        command.Options.Add(ticket);
        command.Options.Add(previous);
        command.Options.Add(current);
        command.Options.Add(emergency);
        command.Options.Add(policy);
        command.Options.Add(format);
        command.SetAction(parseResult =>
        {
            var emergencyPolicy = parseResult.GetValue(policy)?.Trim().ToLowerInvariant() switch
            {
                "faststagedrollout" => EmergencyPolicy.FastStagedRollout,
                "straighttoproduction" => EmergencyPolicy.StraightToProduction,
                var other => throw new UsageException($"--emergency-policy must be FastStagedRollout or StraightToProduction, not '{other}'."),
            };

            var ticketId = parseResult.GetValue(ticket);
            var previousState = parseResult.GetValue(previous);
            var currentState = parseResult.GetValue(current);
            var emergencyFlag = parseResult.GetValue(emergency);
            TransitionRequestResult result;
            if (ticketId is null && previousState is null && currentState is null && emergencyFlag is null)
            {
                if (ReferenceEquals(console.In, Console.In) && !Console.IsInputRedirected)
                {
                    // Reading a terminal would wait for input the user does not know to type.
                    throw new UsageException("give --ticket, --previous and --current, or pipe a form or JSON body to standard input.");
                }

                var body = BoundedInput.ReadToEnd(console.In, TransitionRequestParser.MaxBodyLength);
                var trimmed = body.AsSpan().Trim();
                if (trimmed.IsEmpty)
                {
                    throw new UsageException("give --ticket, --previous and --current, or a form or JSON body on standard input.");
                }

                result = trimmed[0] is '{' or '['
                    ? TransitionRequestParser.ParseJson(body, emergencyPolicy)
                    : TransitionRequestParser.ParseForm(trimmed, emergencyPolicy);
            }
            else
            {
                result = TransitionRequestParser.Validate(ticketId, previousState, currentState, emergencyFlag ?? "No", emergencyPolicy);
            }

            if (parseResult.GetValue(format) == OutputFormat.Json)
            {
                WriteJson(console.Out, result);
            }
            else
            {
                WriteText(console.Out, result);
            }

            return result.IsValid ? ExitCodes.Ok : ExitCodes.Invalid;
        });
        return command;
    }

    private static void WriteText(TextWriter output, TransitionRequestResult result)
    {
        if (result.IsValid)
        {
            var r = result.Request;
            output.WriteLine($"valid: ticket {r.TicketId}: {r.Previous.ToName()} → {r.Current.ToName()} (Emergency_Release = {(r.EmergencyRelease ? "Yes" : "No")})");
            return;
        }

        output.WriteLine($"invalid: {result.Errors.Length} problem{(result.Errors.Length == 1 ? string.Empty : "s")}");
        foreach (var error in result.Errors)
        {
            output.WriteLine($"  - {error}");
        }
    }

    private static void WriteJson(TextWriter output, TransitionRequestResult result)
    {
        CliJson.Write(output, json =>
        {
            json.WriteStartObject();
            json.WriteBoolean("valid", result.IsValid);
            if (result.IsValid)
            {
                var r = result.Request;
                json.WriteStartObject("request");
                json.WriteNumber(TransitionRequestParser.TicketIdField, r.TicketId);
                json.WriteString(TransitionRequestParser.PreviousField, r.Previous.ToName());
                json.WriteString(TransitionRequestParser.CurrentField, r.Current.ToName());
                json.WriteString(TransitionRequestParser.EmergencyField, r.EmergencyRelease ? "Yes" : "No");
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("request");
            }

            json.WriteStartArray("errors");
            foreach (var error in result.Errors.IsDefault ? [] : result.Errors)
            {
                json.WriteStringValue(error);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }
}
