# Sourced by krun's suite scripts: one case's verdict on a line of its own,
#   <<KRUN>> CASE <pass|fail|skip> <name> [reason]
# which krun reads off the console (krun/suites/case_lines.h). The reason
# is kept on that one line.
case_result() {
  result=$1 name=$2
  shift 2
  printf '\n<<KRUN>> CASE %s %s %s\n' "$result" "$name" "$(printf '%s' "$*" | tr '\n' ' ' | cut -c1-300)"
}
