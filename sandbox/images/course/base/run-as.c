/* run-as UID:GID PROGRAM [ARGS...]: drops from root to another user and executes the program, which is what the
 * official images' entrypoints use gosu for (postgres refuses to run as root; redis runs as its own user). Numeric
 * ids only, so a static binary needs no NSS. Built offline with `gcc -static`. */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: run-as UID:GID PROGRAM [ARGS...]\n");
    return 2;
  }
  char *end;
  unsigned long uid = strtoul(argv[1], &end, 10);
  if (*end != ':') {
    fprintf(stderr, "run-as: expected UID:GID, got %s\n", argv[1]);
    return 2;
  }
  unsigned long gid = strtoul(end + 1, &end, 10);
  if (*end) {
    fprintf(stderr, "run-as: expected UID:GID, got %s\n", argv[1]);
    return 2;
  }
  gid_t groups[1] = {(gid_t)gid};
  if (setgroups(1, groups) || setgid((gid_t)gid) || setuid((uid_t)uid)) {
    fprintf(stderr, "run-as: cannot become %lu:%lu: %s\n", uid, gid, strerror(errno));
    return 1;
  }
  execvp(argv[2], argv + 2);
  fprintf(stderr, "run-as: %s: %s\n", argv[2], strerror(errno));
  return errno == ENOENT ? 127 : 126;
}
