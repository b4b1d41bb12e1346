using System.CommandLine;
using DocExchange.Cli.Hosting;

namespace DocExchange.Cli.Commands.Common;

/// <summary>
/// <c>dx completion bash|zsh</c>: prints a shell completion script. The script asks <c>dx</c> itself through
/// System.CommandLine's <c>[suggest:POSITION]</c> directive, so completions always match the installed command tree.
/// </summary>
public static class CompletionCommand
{
    private const string Bash = """
        # dx completion for bash. Load it with:  source <(dx completion bash)
        _dx_complete()
        {
            local cur="${COMP_WORDS[COMP_CWORD]}"
            local IFS=$'\n'
            local candidates
            candidates=$("${COMP_WORDS[0]}" "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)
            COMPREPLY=( $(compgen -W "${candidates}" -- "${cur}") )
        }
        complete -o default -F _dx_complete dx
        """;

    private const string Zsh = """
        #compdef dx
        # dx completion for zsh. Load it with:  source <(dx completion zsh)
        _dx() {
            local line="${(j: :)words[1,CURRENT]}"
            local -a candidates
            candidates=("${(@f)$("${words[1]}" "[suggest:${#line}]" "$line" 2>/dev/null)}")
            compadd -- "${candidates[@]}"
        }
        if ! (( $+functions[compdef] )); then
            autoload -Uz compinit && compinit
        fi
        compdef _dx dx
        """;

    public static Command Create(GlobalOptions globals)
    {
        var shell = new Argument<string>("shell") { Description = "bash or zsh." };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", "Print a shell completion script, e.g. source <(dx completion bash).") { shell };
        DxAction.Set(command, globals, (context, _) =>
        {
            context.Output.WriteRaw(context.Get(shell) == "zsh" ? Zsh : Bash);
            return Task.FromResult(ExitCode.Ok);
        });
        return command;
    }
}
