/* Stand-in for the book's gihyodocker/nginx image: listens on :80 and reverse-proxies every request to
 * http://$BACKEND_HOST (e.g. localhost:8080, the echo container in the same pod), logging each request in nginx's
 * access-log format on stdout and upstream failures in its error-log format on stderr (so `kubectl logs` looks as
 * the lesson shows). Without BACKEND_HOST it serves nginx's welcome page. One process per connection; each
 * response ends its connection (`Connection: close`), which every client handles. Built with `gcc -static`. */
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include "kl-http.h"

static const char *backend;        /* host[:port] from $BACKEND_HOST */
static char backend_host[256];
static char backend_port[16] = "80";
static char client_ip[64];
static unsigned long conn_seq;

static const char WELCOME[] =
    "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n"
    "<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is "
    "required.</p>\n<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n";

static void access_log(const char *request_line, int status, long bytes, const char *referer, const char *agent) {
  char ts[64];
  kl_now("%d/%b/%Y:%H:%M:%S %z", ts, sizeof ts);
  dprintf(1, "%s - - [%s] \"%s\" %d %ld \"%s\" \"%s\" \"-\"\n", client_ip, ts, request_line, status, bytes,
          referer[0] ? referer : "-", agent[0] ? agent : "-");
}

static void error_log(const char *what, int err, const char *request_line, const char *host) {
  char ts[32];
  kl_now("%Y/%m/%d %H:%M:%S", ts, sizeof ts);
  dprintf(2, "%s [error] %d#%d: *%lu %s (%d: %s) while connecting to upstream, client: %s, server: , request: \"%s\", "
             "upstream: \"http://%s/\", host: \"%s\"\n",
          ts, (int)getpid(), 0, conn_seq, what, err, strerror(err), client_ip, request_line, backend, host);
}

static long send_page(int fd, int status, const char *reason, const char *body, int is_head) {
  char date[64], head[512];
  kl_http_date(date, sizeof date);
  size_t blen = strlen(body);
  int n = snprintf(head, sizeof head,
                   "HTTP/1.1 %d %s\r\nServer: nginx\r\nDate: %s\r\nContent-Type: text/html\r\nContent-Length: %zu\r\n"
                   "Connection: close\r\n\r\n",
                   status, reason, date, blen);
  kl_write_all(fd, head, (size_t)n);
  if (!is_head) kl_write_all(fd, body, blen);
  return is_head ? 0 : (long)blen;
}

static long error_page(int fd, int status, const char *reason, int is_head) {
  char body[512];
  snprintf(body, sizeof body,
           "<html>\r\n<head><title>%d %s</title></head>\r\n<body>\r\n<center><h1>%d %s</h1></center>\r\n"
           "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
           status, reason, status, reason);
  return send_page(fd, status, reason, body, is_head);
}

static int dial_backend(int *err) {
  struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *res = NULL;
  int rc = getaddrinfo(backend_host, backend_port, &hints, &res);
  if (rc != 0) {
    *err = EHOSTUNREACH;
    return -1;
  }
  int fd = -1;
  *err = ECONNREFUSED;
  for (struct addrinfo *a = res; a; a = a->ai_next) {
    fd = socket(a->ai_family, SOCK_STREAM, 0);
    if (fd < 0) continue;
    if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
    *err = errno;
    close(fd);
    fd = -1;
  }
  freeaddrinfo(res);
  return fd;
}

/* Copies the client's head for the upstream: HTTP/1.0, Host = the backend, hop-by-hop headers dropped. */
static size_t upstream_head(const char *head, size_t head_len, const char *method, const char *target, char *out, size_t cap) {
  size_t n = (size_t)snprintf(out, cap, "%s %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n", method, target, backend);
  const char *p = strstr(head, "\r\n") + 2, *end = head + head_len - 2;
  while (p < end) {
    const char *eol = strstr(p, "\r\n");
    size_t len = (size_t)(eol - p);
    if (strncasecmp(p, "Host:", 5) && strncasecmp(p, "Connection:", 11) && strncasecmp(p, "Keep-Alive:", 11) &&
        strncasecmp(p, "Proxy-Connection:", 17) && n + len + 2 < cap) {
      memcpy(out + n, p, len + 2);
      n += len + 2;
    }
    p = eol + 2;
  }
  if (n + 2 < cap) {
    memcpy(out + n, "\r\n", 2);
    n += 2;
  }
  return n;
}

/* Relays the upstream response: status line re-written as HTTP/1.1 with nginx's Server header. Returns body bytes. */
static long relay_response(int up, int fd, int *status) {
  char buf[KL_HEAD_MAX + 1];
  size_t got = 0;
  int head = kl_read_head(up, buf, sizeof buf, &got, 60000);
  if (head <= 0) return -1;
  char version[16], reason[128] = "";
  if (sscanf(buf, "%15s %d %127[^\r\n]", version, status, reason) < 2) return -1;
  char date[64], out[KL_HEAD_MAX + 256];
  kl_http_date(date, sizeof date);
  size_t n = (size_t)snprintf(out, sizeof out, "HTTP/1.1 %d %s\r\nServer: nginx\r\nDate: %s\r\n", *status, reason, date);
  const char *p = strstr(buf, "\r\n") + 2, *end = buf + head - 2;
  while (p < end) {
    const char *eol = strstr(p, "\r\n");
    size_t len = (size_t)(eol - p);
    if (strncasecmp(p, "Server:", 7) && strncasecmp(p, "Date:", 5) && strncasecmp(p, "Connection:", 11) &&
        strncasecmp(p, "Keep-Alive:", 11) && n + len + 2 < sizeof out) {
      memcpy(out + n, p, len + 2);
      n += len + 2;
    }
    p = eol + 2;
  }
  n += (size_t)snprintf(out + n, sizeof out - n, "Connection: close\r\n\r\n");
  if (kl_write_all(fd, out, n) < 0) return -1;
  long body = (long)got - head;
  if (body > 0 && kl_write_all(fd, buf + head, (size_t)body) < 0) return body;
  for (;;) {
    ssize_t r = read(up, buf, sizeof buf - 1);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    if (kl_write_all(fd, buf, (size_t)r) < 0) break;
    body += r;
  }
  return body;
}

static void serve(int fd) {
  char buf[KL_HEAD_MAX + 1];
  size_t got = 0;
  int head = kl_read_head(fd, buf, sizeof buf, &got, 60000);
  if (head <= 0) return;
  char method[16] = "", target[4096] = "", version[16] = "";
  char line[4200];
  const char *eol = strstr(buf, "\r\n");
  snprintf(line, sizeof line, "%.*s", (int)(eol - buf), buf);
  char referer[512], agent[512], host[256], value[64];
  kl_header(buf, (size_t)head, "Referer", referer, sizeof referer);
  kl_header(buf, (size_t)head, "User-Agent", agent, sizeof agent);
  kl_header(buf, (size_t)head, "Host", host, sizeof host);
  if (sscanf(buf, "%15s %4095s %15s", method, target, version) != 3) {
    access_log(line, 400, error_page(fd, 400, "Bad Request", 0), referer, agent);
    return;
  }
  int is_head = strcmp(method, "HEAD") == 0;
  if (!backend) {
    access_log(line, 200, send_page(fd, 200, "OK", WELCOME, is_head), referer, agent);
    return;
  }
  int err;
  int up = dial_backend(&err);
  if (up < 0) {
    error_log("connect() failed", err, line, host);
    access_log(line, 502, error_page(fd, 502, "Bad Gateway", is_head), referer, agent);
    return;
  }
  char uhead[KL_HEAD_MAX + 512];
  size_t un = upstream_head(buf, (size_t)head, method, target, uhead, sizeof uhead);
  long length = kl_header(buf, (size_t)head, "Content-Length", value, sizeof value) ? atol(value) : 0;
  long buffered = (long)got - head;
  if (buffered > length) buffered = length;
  int ok = kl_write_all(up, uhead, un) == 0 && (buffered <= 0 || kl_write_all(up, buf + head, (size_t)buffered) == 0);
  for (long left = length - buffered; ok && left > 0;) {
    ssize_t r = read(fd, buf, left > (long)(sizeof buf - 1) ? sizeof buf - 1 : (size_t)left);
    if (r <= 0) break;
    ok = kl_write_all(up, buf, (size_t)r) == 0;
    left -= r;
  }
  int status = 502;
  long bytes = ok ? relay_response(up, fd, &status) : -1;
  if (bytes < 0) {
    error_log("upstream prematurely closed connection", EPIPE, line, host);
    bytes = error_page(fd, 502, "Bad Gateway", is_head);
    status = 502;
  }
  access_log(line, status, bytes, referer, agent);
  close(up);
}

static void on_term(int sig) {
  (void)sig;
  _exit(0);
}

int main(void) {
  signal(SIGCHLD, SIG_IGN);
  signal(SIGPIPE, SIG_IGN);
  signal(SIGTERM, on_term);
  signal(SIGINT, on_term);
  signal(SIGQUIT, on_term);
  backend = getenv("BACKEND_HOST");
  if (backend && !*backend) backend = NULL;
  if (backend) {
    if (strncmp(backend, "http://", 7) == 0) backend += 7;
    snprintf(backend_host, sizeof backend_host, "%s", backend);
    char *slash = strchr(backend_host, '/');
    if (slash) *slash = '\0';
    char *colon = strrchr(backend_host, ':');
    if (colon && !strchr(colon, ']')) {
      snprintf(backend_port, sizeof backend_port, "%s", colon + 1);
      *colon = '\0';
    }
  }
  int ls = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(80), .sin_addr.s_addr = htonl(INADDR_ANY)};
  if (bind(ls, (struct sockaddr *)&a, sizeof a) < 0 || listen(ls, 128) < 0) {
    char ts[32];
    kl_now("%Y/%m/%d %H:%M:%S", ts, sizeof ts);
    dprintf(2, "%s [emerg] 1#1: bind() to 0.0.0.0:80 failed (%d: %s)\n", ts, errno, strerror(errno));
    return 1;
  }
  for (;;) {
    struct sockaddr_storage peer;
    socklen_t plen = sizeof peer;
    int fd = accept(ls, (struct sockaddr *)&peer, &plen);
    if (fd < 0) continue;
    conn_seq++;
    pid_t pid = fork();
    if (pid == 0) {
      close(ls);
      signal(SIGTERM, SIG_DFL);
      if (peer.ss_family == AF_INET) inet_ntop(AF_INET, &((struct sockaddr_in *)&peer)->sin_addr, client_ip, sizeof client_ip);
      else snprintf(client_ip, sizeof client_ip, "-");
      serve(fd);
      shutdown(fd, SHUT_WR);
      close(fd);
      _exit(0);
    }
    close(fd);
  }
}
