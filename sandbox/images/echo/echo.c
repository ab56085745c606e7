/* Stand-in for the book's gihyodocker/echo image: an HTTP server on :8080 that answers every request with
 * "Hello Docker!!" and logs "received request" (Go's log format, "2006/01/02 15:04:05 msg"), so
 * `kubectl logs -f simple-echo -c echo` shows each request as the lesson expects. One process per connection,
 * keep-alive as Go's net/http does. Built offline with `gcc -static`. */
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include "kl-http.h"

#define BODY "Hello Docker!!"

static void logmsg(const char *msg) {
  char ts[32];
  kl_now("%Y/%m/%d %H:%M:%S", ts, sizeof ts);
  dprintf(1, "%s %s\n", ts, msg);
}

static void bad_request(int fd) {
  const char *r = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request";
  kl_write_all(fd, r, strlen(r));
}

static void serve(int fd) {
  char buf[KL_HEAD_MAX + 1];
  size_t got = 0;
  for (;;) {
    int head = kl_read_head(fd, buf, sizeof buf, &got, 120000);
    if (head == 0) return;
    if (head < 0) {
      if (got > 0) bad_request(fd);
      return;
    }
    char method[16] = "", target[2048] = "", version[16] = "";
    if (sscanf(buf, "%15s %2047s %15s", method, target, version) != 3 || strncmp(version, "HTTP/1.", 7) != 0) {
      bad_request(fd);
      return;
    }
    char value[256];
    long length = kl_header(buf, (size_t)head, "Content-Length", value, sizeof value) ? atol(value) : 0;
    int keep = strcmp(version, "HTTP/1.1") == 0;
    if (kl_header(buf, (size_t)head, "Connection", value, sizeof value)) {
      if (strcasecmp(value, "close") == 0) keep = 0;
      else if (strcasecmp(value, "keep-alive") == 0) keep = 1;
    }
    /* Skip the body: part may already be buffered after the head. */
    long buffered = (long)got - head;
    if (buffered >= length) {
      memmove(buf, buf + head + length, (size_t)(buffered - length));
      got = (size_t)(buffered - length);
    } else {
      if (kl_discard(fd, length - buffered) < 0) return;
      got = 0;
    }
    logmsg("received request");
    char date[64], resp[512];
    kl_http_date(date, sizeof date);
    int is_head = strcmp(method, "HEAD") == 0;
    int n = snprintf(resp, sizeof resp,
                     "HTTP/1.1 200 OK\r\nDate: %s\r\nContent-Length: %zu\r\nContent-Type: text/plain; charset=utf-8\r\n%s\r\n%s",
                     date, strlen(BODY), keep ? "" : "Connection: close\r\n", is_head ? "" : BODY);
    if (kl_write_all(fd, resp, (size_t)n) < 0 || !keep) return;
  }
}

static void on_term(int sig) {
  (void)sig;
  _exit(0);
}

int main(void) {
  signal(SIGCHLD, SIG_IGN); /* children are reaped by the kernel */
  signal(SIGPIPE, SIG_IGN);
  signal(SIGTERM, on_term);
  signal(SIGINT, on_term);
  int ls = socket(AF_INET6, SOCK_STREAM, 0);
  int family6 = ls >= 0;
  if (!family6) ls = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1, zero = 0;
  setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  int rc;
  if (family6) {
    setsockopt(ls, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
    struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_port = htons(8080), .sin6_addr = in6addr_any};
    rc = bind(ls, (struct sockaddr *)&a, sizeof a);
  } else {
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(8080), .sin_addr.s_addr = htonl(INADDR_ANY)};
    rc = bind(ls, (struct sockaddr *)&a, sizeof a);
  }
  if (rc < 0 || listen(ls, 128) < 0) {
    char msg[128];
    snprintf(msg, sizeof msg, "listen tcp :8080: %s", strerror(errno));
    logmsg(msg);
    return 1;
  }
  logmsg("start server");
  for (;;) {
    int fd = accept(ls, NULL, NULL);
    if (fd < 0) continue;
    pid_t pid = fork();
    if (pid == 0) {
      close(ls);
      signal(SIGTERM, SIG_DFL);
      serve(fd);
      _exit(0);
    }
    close(fd);
  }
}
