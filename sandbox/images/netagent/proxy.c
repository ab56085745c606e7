/* The proxy: every accepted connection is matched to its frontend by the address it was sent to, then spliced to
 * an endpoint chosen round robin (trying the next endpoint when one refuses). Ingress connections first read the
 * request head to pick a route by Host and path, log an access line, and answer 404/503/502 themselves when there
 * is nowhere to send the request. Endpoints NetworkPolicies keep the client from (`deny` lines) are never chosen;
 * when that leaves none, the connection is held without an answer until the client gives up — the timeout a
 * client sees on a real cluster, where the policy drops its packets. Non-blocking, level-triggered epoll; 16 KiB
 * buffered each way. */
#define _GNU_SOURCE /* memmem, accept4 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "agent.h"

#define BUFSZ 16384
#define MAX_HELD 256 /* connections held for NetworkPolicies at once; beyond, they are closed */
enum state { S_HEAD, S_CONNECTING, S_OPEN, S_ANSWER, S_HOLD };

struct conn;
struct side {
  int kind; /* 5 = client, 6 = server */
  int fd;
  int registered;
  uint32_t want;
  struct conn *c;
};

struct conn {
  struct side client, server;
  enum state state;
  int http, dead;
  char c2s[BUFSZ];
  size_t c2s_len, c2s_off;
  char s2c[BUFSZ];
  size_t s2c_len, s2c_off;
  int c_eof, s_eof, c_shut, s_shut;
  int ncand, tried;
  struct endpoint cand[MAX_EPS];
  char peer[INET_ADDRSTRLEN];
  uint32_t client_ip; /* network order */
  char reqline[512], host[NAME_MAX_LEN];
  int logged;
  struct conn *next_dead;
};

static struct conn *dead_list;
static int held;
static void proxy_update(struct conn *c);

struct frontend *find_frontend(uint32_t ip, uint16_t port) {
  for (int i = 0; live && i < live->nfront; i++)
    if (live->fronts[i].ip == ip && live->fronts[i].port == port) return &live->fronts[i];
  return NULL;
}

static void set_want(struct side *s, uint32_t want) {
  if (s->fd < 0) return;
  if (s->registered && want == s->want) return;
  struct epoll_event ev = {.events = want, .data.ptr = s};
  if (!s->registered) {
    if (want == 0) return;
    epoll_ctl(epoll_fd(), EPOLL_CTL_ADD, s->fd, &ev);
    s->registered = 1;
  } else {
    epoll_ctl(epoll_fd(), EPOLL_CTL_MOD, s->fd, &ev);
  }
  s->want = want;
}

static void conn_close(struct conn *c) {
  if (c->dead) return;
  c->dead = 1;
  if (c->state == S_HOLD) held--;
  if (c->client.fd >= 0) {
    /* Unread request bytes would turn close() into a reset that can cut off the answer we just sent. */
    char sink[4096];
    while (read(c->client.fd, sink, sizeof sink) > 0) {
    }
    close(c->client.fd);
  }
  if (c->server.fd >= 0) close(c->server.fd); /* close() also removes an fd from epoll */
  c->client.fd = c->server.fd = -1;
  c->next_dead = dead_list;
  dead_list = c;
}

void proxy_reap(void) {
  while (dead_list) {
    struct conn *c = dead_list;
    dead_list = c->next_dead;
    free(c);
  }
}

static void access_log(struct conn *c, const char *status) {
  if (!c->http || c->logged || !c->reqline[0]) return;
  c->logged = 1;
  char ts[40], up[32] = "-";
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(ts, sizeof ts, "%d/%b/%Y:%H:%M:%S +0000", &tm);
  if (c->state != S_ANSWER && c->tried > 0) {
    struct endpoint *e = &c->cand[c->tried - 1];
    char ip[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &e->ip, ip, sizeof ip);
    snprintf(up, sizeof up, "%s:%u", ip, ntohs(e->port));
  }
  dprintf(1, "%s - - [%s] \"%s\" %s host=\"%s\" upstream=%s\n", c->peer, ts, c->reqline, status, c->host, up);
}

/* Answers an ingress request locally (no rule, no endpoints, no endpoint reachable) and closes afterwards. */
static void answer(struct conn *c, int code, const char *reason) {
  char body[256], st[8];
  int blen = snprintf(body, sizeof body, "<html>\r\n<head><title>%d %s</title></head>\r\n<body>\r\n<center><h1>%d %s</h1></center>\r\n<hr><center>kubelab ingress</center>\r\n</body>\r\n</html>\r\n", code, reason, code, reason);
  c->s2c_len = (size_t)snprintf(c->s2c, sizeof c->s2c, "HTTP/1.1 %d %s\r\nContent-Type: text/html\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", code, reason, blen, body);
  c->s2c_off = 0;
  c->state = S_ANSWER;
  snprintf(st, sizeof st, "%d", code);
  access_log(c, st);
}

/* Candidates in round-robin order, leaving out the endpoints NetworkPolicies keep this client from; answers how
 * many were left out. */
static int choose(struct conn *c, struct endpoint *eps, int neps, unsigned *rr) {
  c->ncand = 0;
  c->tried = 0;
  if (neps <= 0) return 0;
  int skipped = 0;
  unsigned start = (*rr)++ % (unsigned)neps;
  for (int i = 0; i < neps; i++) {
    struct endpoint *e = &eps[(start + (unsigned)i) % (unsigned)neps];
    if (denied(c->client_ip, e)) skipped++;
    else c->cand[c->ncand++] = *e;
  }
  return skipped;
}

/* No endpoint this client may reach: say nothing until it gives up (its packets would be dropped). */
static void hold(struct conn *c) {
  if (held >= MAX_HELD) {
    conn_close(c);
    return;
  }
  held++;
  c->state = S_HOLD;
  c->c2s_len = c->c2s_off = 0;
  access_log(c, "-");
}

/* Starts connecting to the next candidate; 0 when under way, -1 when none is left. */
static int dial_next(struct conn *c) {
  if (c->server.fd >= 0) {
    close(c->server.fd);
    c->server.fd = -1;
    c->server.registered = 0;
  }
  while (c->tried < c->ncand) {
    struct endpoint *e = &c->cand[c->tried++];
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = e->port, .sin_addr.s_addr = e->ip};
    if (connect(fd, (struct sockaddr *)&a, sizeof a) == 0 || errno == EINPROGRESS) {
      c->server.fd = fd;
      c->state = S_CONNECTING;
      return 0;
    }
    close(fd);
  }
  return -1;
}

static void no_backend(struct conn *c) {
  if (c->http) answer(c, 502, "Bad Gateway");
  else conn_close(c);
}

/* Ingress: once the head is complete, pick the route and endpoint. */
static void route_request(struct conn *c) {
  char *end = memmem(c->c2s, c->c2s_len, "\r\n\r\n", 4);
  if (!end) {
    if (c->c2s_len >= BUFSZ) answer(c, 431, "Request Header Fields Too Large");
    return;
  }
  char *eol = memmem(c->c2s, c->c2s_len, "\r\n", 2);
  snprintf(c->reqline, sizeof c->reqline, "%.*s", (int)(eol - c->c2s), c->c2s);
  char method[16] = "", target[PATH_MAX_LEN] = "";
  sscanf(c->reqline, "%15s %511s", method, target);
  /* Host header, lowercased, without the port. */
  for (char *p = eol + 2; p < end; ) {
    char *e2 = memmem(p, (size_t)(end + 2 - p), "\r\n", 2);
    if (!e2) break;
    if (e2 - p > 5 && strncasecmp(p, "host:", 5) == 0) {
      char *v = p + 5;
      while (*v == ' ' || *v == '\t') v++;
      size_t n = 0;
      while (v + n < e2 && v[n] != ':' && v[n] != ' ' && n + 1 < sizeof c->host) {
        c->host[n] = (char)(v[n] >= 'A' && v[n] <= 'Z' ? v[n] + 32 : v[n]);
        n++;
      }
      c->host[n] = '\0';
      break;
    }
    p = e2 + 2;
  }
  char *q = strpbrk(target, "?#");
  if (q) *q = '\0';
  if (strncmp(target, "http://", 7) == 0) { /* absolute-form: keep only the path */
    char *slash = strchr(target + 7, '/');
    memmove(target, slash ? slash : "/", strlen(slash ? slash : "/") + 1);
  }
  struct route *r = route_match(c->host, target);
  if (!r) {
    answer(c, 404, "Not Found");
    return;
  }
  int skipped = choose(c, r->eps, r->neps, &r->rr);
  if (c->ncand == 0 && skipped > 0) {
    hold(c);
    return;
  }
  if (c->ncand == 0) {
    answer(c, 503, "Service Temporarily Unavailable");
    return;
  }
  if (dial_next(c) < 0) no_backend(c);
}

void proxy_accept(int lfd) {
  for (;;) {
    struct sockaddr_in peer, local;
    socklen_t plen = sizeof peer, llen = sizeof local;
    int fd = accept4(lfd, (struct sockaddr *)&peer, &plen, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    getsockname(fd, (struct sockaddr *)&local, &llen);
    struct frontend *fe = find_frontend(local.sin_addr.s_addr, local.sin_port);
    if (!fe || (!fe->http && fe->neps == 0)) {
      /* Nothing serves this address and port (or no ready endpoint): refuse like a closed port. */
      struct linger lg = {.l_onoff = 1, .l_linger = 0};
      setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
      close(fd);
      continue;
    }
    struct conn *c = calloc(1, sizeof *c);
    if (!c) {
      close(fd);
      continue;
    }
    c->client = (struct side){.kind = 5, .fd = fd, .c = c};
    c->server = (struct side){.kind = 6, .fd = -1, .c = c};
    inet_ntop(AF_INET, &peer.sin_addr, c->peer, sizeof c->peer);
    c->client_ip = peer.sin_addr.s_addr;
    c->http = fe->http;
    if (fe->http) {
      c->state = S_HEAD;
    } else if (choose(c, fe->eps, fe->neps, &fe->rr) > 0 && c->ncand == 0) {
      hold(c);
    } else {
      if (dial_next(c) < 0) {
        conn_close(c);
        continue;
      }
    }
    proxy_update(c);
  }
}

static void proxy_update(struct conn *c) {
  if (c->dead) return;
  /* Finished both ways, or an answer fully sent: close. */
  if ((c->state == S_ANSWER && c->s2c_off >= c->s2c_len) || (c->c_shut && c->s_shut) ||
      (c->state == S_OPEN && c->c_eof && c->s_eof && c->c2s_off >= c->c2s_len && c->s2c_off >= c->s2c_len)) {
    conn_close(c);
    return;
  }
  uint32_t cw = 0, sw = 0;
  if (c->state == S_HOLD) cw |= EPOLLIN; /* only to notice the client leaving */
  if (c->state == S_HEAD && c->c2s_len < BUFSZ) cw |= EPOLLIN;
  if (c->state == S_OPEN && !c->c_eof && c->c2s_len == 0) cw |= EPOLLIN;
  if (c->s2c_off < c->s2c_len) cw |= EPOLLOUT;
  if (c->state == S_CONNECTING || (c->state == S_OPEN && c->c2s_off < c->c2s_len)) sw |= EPOLLOUT;
  if (c->state == S_OPEN && !c->s_eof && c->s2c_len == 0) sw |= EPOLLIN;
  set_want(&c->client, cw);
  set_want(&c->server, sw);
}

/* Moves bytes from `from` into buf; returns -1 on a fatal error. */
static int fill(int fd, char *buf, size_t *len, int *eof) {
  ssize_t n = read(fd, buf + *len, BUFSZ - *len);
  if (n > 0) *len += (size_t)n;
  else if (n == 0) *eof = 1;
  else if (errno != EAGAIN && errno != EINTR) return -1;
  return 0;
}

static int drain(int fd, char *buf, size_t *len, size_t *off) {
  ssize_t n = write(fd, buf + *off, *len - *off);
  if (n < 0) return errno == EAGAIN || errno == EINTR ? 0 : -1;
  *off += (size_t)n;
  if (*off >= *len) *off = *len = 0;
  return 0;
}

void proxy_event(void *ptr, uint32_t events) {
  struct side *s = ptr;
  struct conn *c = s->c;
  if (c->dead) return;
  if (s->kind == 6 && c->state == S_CONNECTING) {
    int err = 0;
    socklen_t el = sizeof err;
    getsockopt(c->server.fd, SOL_SOCKET, SO_ERROR, &err, &el);
    if (err != 0 || (events & (EPOLLERR | EPOLLHUP))) {
      if (dial_next(c) < 0) no_backend(c);
      proxy_update(c);
      return;
    }
    c->state = S_OPEN;
    proxy_update(c);
    return;
  }
  if (c->state == S_HOLD) {
    char sink[4096];
    ssize_t n;
    while ((n = read(c->client.fd, sink, sizeof sink)) > 0) {
    }
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR) || (events & (EPOLLERR | EPOLLHUP))) conn_close(c);
    return;
  }
  int fatal = 0;
  if (s->kind == 5) {
    if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) && (s->want & EPOLLIN)) {
      fatal |= fill(s->fd, c->c2s, &c->c2s_len, &c->c_eof);
      if (c->state == S_HEAD) {
        if (c->c_eof) fatal = 1;
        else route_request(c);
      }
    }
    if ((events & EPOLLOUT) && c->s2c_off < c->s2c_len) fatal |= drain(s->fd, c->s2c, &c->s2c_len, &c->s2c_off);
  } else {
    if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) && (s->want & EPOLLIN)) {
      size_t before = c->s2c_len;
      fatal |= fill(s->fd, c->s2c, &c->s2c_len, &c->s_eof);
      if (c->http && !c->logged && c->s2c_len > before) {
        char st[8] = "-";
        if (c->s2c_len >= 12 && strncmp(c->s2c, "HTTP/", 5) == 0) snprintf(st, sizeof st, "%.3s", c->s2c + 9);
        access_log(c, st);
      }
    }
    if ((events & EPOLLOUT) && c->c2s_off < c->c2s_len) fatal |= drain(s->fd, c->c2s, &c->c2s_len, &c->c2s_off);
  }
  /* Half-closes travel through: EOF from one side, once its bytes are delivered, shuts the other's write side. */
  if (c->state == S_OPEN) {
    if (c->c_eof && !c->s_shut && c->c2s_off >= c->c2s_len) {
      shutdown(c->server.fd, SHUT_WR);
      c->s_shut = 1;
    }
    if (c->s_eof && !c->c_shut && c->s2c_off >= c->s2c_len) {
      shutdown(c->client.fd, SHUT_WR);
      c->c_shut = 1;
    }
  }
  if (fatal || (events & EPOLLERR)) {
    if (c->http && !c->logged) access_log(c, "499");
    conn_close(c);
    return;
  }
  if ((events & EPOLLHUP) && !(s->want & EPOLLIN)) {
    /* Peer gone both ways while we cannot read: stop hearing about it until there is room again. */
    epoll_ctl(epoll_fd(), EPOLL_CTL_DEL, s->fd, NULL);
    s->registered = 0;
    s->want = 0;
    if (s->kind == 5) c->c_eof = 1;
    else c->s_eof = 1;
  }
  proxy_update(c);
}

/* Ingress matching over the live routes: the first route whose host pattern matches picks the host group; the
 * first path in that group that matches wins (the host sorted paths by precedence); else the default backend. */
static int host_matches(const char *pattern, const char *host) {
  if (strcmp(pattern, "*") == 0) return 1;
  if (pattern[0] == '*' && pattern[1] == '.') {
    const char *dot = strchr(host, '.');
    return dot && dot != host && strcmp(dot, pattern + 1) == 0;
  }
  return strcmp(pattern, host) == 0;
}

static int path_matches(const struct route *r, const char *path) {
  if (r->exact) return strcmp(r->path, path) == 0;
  size_t n = strlen(r->path);
  if (n == 1 && r->path[0] == '/') return 1;
  return strncmp(r->path, path, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

struct route *route_match(const char *host, const char *path) {
  const char *group = NULL;
  for (int i = 0; live && i < live->nroutes; i++) {
    struct route *r = &live->routes[i];
    if (!group) {
      if (!host_matches(r->host, host)) continue;
      group = r->host;
    } else if (strcmp(group, r->host) != 0) {
      continue;
    }
    if (path_matches(r, path)) return r;
  }
  return live && live->has_default ? &live->def : NULL;
}
