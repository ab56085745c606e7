# Interactive bash in the learner's toolbox: the prompt kubelab has always shown, history kept in the home volume
# and shared by every terminal tab (each command is appended as soon as it ran), kubectl completion, and `k` as
# the Kubernetes docs set it up (alias plus the same completion). A ~/.bashrc of the learner's own comes last.
[ -z "${PS1:-}" ] && return

PS1='\[\e[1;32m\]learner\[\e[0m\]:\[\e[1;34m\]\w\[\e[0m\]$ '
HISTFILE="$HOME/.bash_history"
HISTSIZE=5000
HISTFILESIZE=20000
HISTCONTROL=ignoredups
shopt -s histappend checkwinsize
PROMPT_COMMAND='history -a'

alias k=kubectl
# kubectl's completion needs bash-completion's helpers (a host without that package builds a toolbox without both).
if [ -r /usr/share/bash-completion/bash_completion ]; then
    . /usr/share/bash-completion/bash_completion
    if [ -r /usr/share/bash-completion/completions/kubectl ]; then
        . /usr/share/bash-completion/completions/kubectl
        complete -o default -F __start_kubectl k
    fi
fi

if shopt -q login_shell && [ -r "$HOME/.bashrc" ]; then
    . "$HOME/.bashrc"
fi
