/* The agent's main loop: signals (SIGHUP reloads the pushed config, SIGTERM exits), applying a config (addresses,
 * listeners, tables, and the NetworkPolicy rules pushed beside it, loaded with iptables-restore), and dispatching
 * epoll events to the DNS server and the proxy. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "agent.h"

struct config *live;
static struct config configs[2];
static int epfd = -1;
static const char *config_path = "/run/kubelab/agent.conf";
static const char *applied_path = "/run/kubelab/applied";
static const char *rules_path = "/run/kubelab/policy.rules";
static const char *iptables_path = "/usr/sbin/xtables-nft-multi";
static char *applied_rules; /* the rules last loaded, to skip unchanged ones */
static sigset_t handled;

/* Listening sockets, one per port, bound to 0.0.0.0: the local address of each accepted connection says which
 * frontend (ClusterIP, NodePort, LoadBalancer IP, ingress) it was meant for. */
struct listener {
  int kind; /* always 1: tells listeners from connections in epoll data */
  int fd;
  uint16_t port;
};
static struct listener listeners[1024];
static int nlisteners;

int epoll_fd(void) { return epfd; }

void logf_(const char *fmt, ...) {
  char ts[32], msg[2048];
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  dprintf(1, "%s %s\n", ts, msg);
}

/* Runs `ip <args...>` (busybox) and waits for it; our own netns only. */
static int run_ip(const char *a1, const char *a2, const char *a3, const char *a4, const char *a5, const char *a6) {
  pid_t pid = fork();
  if (pid == 0) {
    sigprocmask(SIG_UNBLOCK, &handled, NULL);
    execl("/bin/busybox", "ip", a1, a2, a3, a4, a5, a6, (char *)NULL);
    _exit(127);
  }
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) < 0) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Loads the filter table the host computed (sandbox/network/policy-rules.ts) when it changed. The file ends with
 * "# end <generation>" of the config it came with: a half-written or stale file is never loaded. */
void apply_policy_rules(const char *generation) {
  FILE *f = fopen(rules_path, "r");
  if (!f) return; /* an older host pushes none */
  size_t cap = 1 << 16, len = 0;
  char *buf = malloc(cap);
  size_t n;
  while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
    len += n;
    if (len + 1 >= cap) {
      char *bigger = cap < (64u << 20) ? realloc(buf, cap * 2) : NULL;
      if (!bigger) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = bigger;
      cap *= 2;
    }
  }
  fclose(f);
  if (!buf) {
    logf_("policy rules not applied: too large");
    return;
  }
  buf[len] = '\0';
  char want[96];
  snprintf(want, sizeof want, "# end %s\n", generation);
  size_t wl = strlen(want);
  if (len < wl || strcmp(buf + len - wl, want) != 0) {
    logf_("policy rules not applied: %s is not the one of config %s", rules_path, generation);
    free(buf);
    return;
  }
  if (applied_rules && strcmp(applied_rules, buf) == 0) {
    free(buf);
    return;
  }
  pid_t pid = fork();
  if (pid == 0) {
    sigprocmask(SIG_UNBLOCK, &handled, NULL);
    execl(iptables_path, "iptables-nft-restore", rules_path, (char *)NULL);
    _exit(127);
  }
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    int code = pid > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    logf_("policy rules not applied: iptables-restore %s (NetworkPolicies are not enforced)", code == 127 ? "is missing from this image" : "failed");
    free(buf);
    return;
  }
  free(applied_rules);
  applied_rules = buf;
  logf_("policy rules of config %s applied", generation);
}

static int has_anyip(const struct config *c, const char *cidr) {
  for (int i = 0; c && i < c->nanyip; i++)
    if (strcmp(c->anyip[i], cidr) == 0) return 1;
  return 0;
}

static int has_addr(const struct config *c, uint32_t ip) {
  for (int i = 0; c && i < c->naddrs; i++)
    if (c->addrs[i] == ip) return 1;
  return 0;
}

static int needs_port(const struct config *c, uint16_t port) {
  for (int i = 0; i < c->nfront; i++)
    if (c->fronts[i].port == port) return 1;
  return 0;
}

static void open_listener(uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = port, .sin_addr.s_addr = htonl(INADDR_ANY)};
  if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 1024) < 0 || nlisteners >= 1024) {
    logf_("cannot listen on port %u: %s", ntohs(port), strerror(errno));
    close(fd);
    return;
  }
  struct listener *l = &listeners[nlisteners++];
  l->kind = 1;
  l->fd = fd;
  l->port = port;
  struct epoll_event ev = {.events = EPOLLIN, .data.ptr = l};
  epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
}

/* Brings addresses and listeners from `old` to `next`, then makes `next` live. */
static void apply(struct config *old, struct config *next) {
  char ip[INET_ADDRSTRLEN], cidr[40];
  for (int i = 0; i < next->nanyip; i++)
    if (!has_anyip(old, next->anyip[i])) run_ip("route", "replace", "local", next->anyip[i], "dev", "lo");
  for (int i = 0; old && i < old->nanyip; i++)
    if (!has_anyip(next, old->anyip[i])) run_ip("route", "del", "local", old->anyip[i], "dev", "lo");
  for (int i = 0; i < next->naddrs; i++) {
    if (has_addr(old, next->addrs[i])) continue;
    inet_ntop(AF_INET, &next->addrs[i], ip, sizeof ip);
    snprintf(cidr, sizeof cidr, "%s/32", ip);
    run_ip("addr", "add", cidr, "dev", "eth0", NULL);
  }
  for (int i = 0; old && i < old->naddrs; i++) {
    if (has_addr(next, old->addrs[i])) continue;
    inet_ntop(AF_INET, &old->addrs[i], ip, sizeof ip);
    snprintf(cidr, sizeof cidr, "%s/32", ip);
    run_ip("addr", "del", cidr, "dev", "eth0", NULL);
  }
  /* Round-robin positions survive a reload for frontends that stay, so traffic keeps spreading evenly. */
  for (int i = 0; old && i < next->nfront; i++)
    for (int j = 0; j < old->nfront; j++)
      if (old->fronts[j].ip == next->fronts[i].ip && old->fronts[j].port == next->fronts[i].port) next->fronts[i].rr = old->fronts[j].rr;
  for (int i = 0; i < nlisteners;) {
    if (needs_port(next, listeners[i].port)) {
      i++;
      continue;
    }
    epoll_ctl(epfd, EPOLL_CTL_DEL, listeners[i].fd, NULL);
    close(listeners[i].fd);
    /* keep the array dense; epoll data points into it, so re-register the moved entry */
    listeners[i] = listeners[--nlisteners];
    if (i < nlisteners) {
      struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &listeners[i]};
      epoll_ctl(epfd, EPOLL_CTL_MOD, listeners[i].fd, &ev);
    }
  }
  for (int i = 0; i < next->nfront; i++) {
    int open = 0;
    for (int j = 0; j < nlisteners; j++)
      if (listeners[j].port == next->fronts[i].port) open = 1;
    if (!open) open_listener(next->fronts[i].port);
  }
  live = next;
  if (old) config_free(old);
}

static void reload(void) {
  struct config *next = live == &configs[0] ? &configs[1] : &configs[0];
  char err[256];
  if (config_load(config_path, next, err, sizeof err) < 0) {
    logf_("config not applied: %s", err);
    return;
  }
  if (live && strcmp(live->generation, next->generation) == 0) {
    config_free(next);
    return;
  }
  apply(live, next);
  apply_policy_rules(live->generation);
  logf_("config %s applied: %d frontends, %d ingress paths, %d names, %d clients held back by policies", live->generation, live->nfront, live->nroutes,
        live->nrecords, live->ndenials);
  FILE *f = fopen(applied_path, "w");
  if (f) {
    fprintf(f, "%s\n", live->generation);
    fclose(f);
  }
}

int main(void) {
  if (getenv("KUBELAB_AGENT_CONFIG")) config_path = getenv("KUBELAB_AGENT_CONFIG");
  signal(SIGPIPE, SIG_IGN);
  sigemptyset(&handled);
  sigaddset(&handled, SIGHUP);
  sigaddset(&handled, SIGTERM);
  sigaddset(&handled, SIGINT);
  sigaddset(&handled, SIGCHLD);
  sigprocmask(SIG_BLOCK, &handled, NULL);
  int sfd = signalfd(-1, &handled, SFD_NONBLOCK | SFD_CLOEXEC);
  epfd = epoll_create1(EPOLL_CLOEXEC);
  static int sig_kind = 2, dns_kind = 3, up_kind = 4;
  struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &sig_kind};
  epoll_ctl(epfd, EPOLL_CTL_ADD, sfd, &ev);
  if (dns_open() == 0) {
    ev.data.ptr = &dns_kind;
    epoll_ctl(epfd, EPOLL_CTL_ADD, dns_fd(), &ev);
    ev.data.ptr = &up_kind;
    epoll_ctl(epfd, EPOLL_CTL_ADD, upstream_fd(), &ev);
  }
  logf_("kubelab netagent started");
  reload();
  struct epoll_event events[256];
  for (;;) {
    int n = epoll_wait(epfd, events, 256, -1);
    if (n < 0 && errno == EINTR) continue;
    for (int i = 0; i < n; i++) {
      void *ptr = events[i].data.ptr;
      int kind = *(int *)ptr;
      if (kind == 1) {
        proxy_accept(((struct listener *)ptr)->fd);
      } else if (kind == 2) {
        struct signalfd_siginfo si;
        while (read(sfd, &si, sizeof si) == sizeof si) {
          if (si.ssi_signo == SIGHUP) reload();
          else if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT) {
            logf_("kubelab netagent stopping");
            return 0;
          } else if (si.ssi_signo == SIGCHLD) {
            while (waitpid(-1, NULL, WNOHANG) > 0) {
            }
          }
        }
      } else if (kind == 3) {
        dns_event(dns_fd());
      } else if (kind == 4) {
        upstream_event(upstream_fd());
      } else {
        proxy_event(ptr, events[i].events);
      }
    }
    proxy_reap(); /* connections closed in this batch are freed only now: later events may still name them */
  }
}
