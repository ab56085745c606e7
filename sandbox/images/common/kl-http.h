/* Small helpers shared by kubelab's lab-image programs (echo, nginx stand-in): reading an HTTP/1.x request or
 * response head, finding a header, dates in the formats the originals log, and writing everything to a socket.
 * Header-only so each image compiles from one `gcc -static` line. */
#ifndef KL_HTTP_H
#define KL_HTTP_H

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define KL_HEAD_MAX 16384

/* Writes all of buf; returns 0 or -1. */
static int kl_write_all(int fd, const char *buf, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, buf, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    buf += n;
    len -= (size_t)n;
  }
  return 0;
}

/* Reads until the blank line ending a head. Returns the head's length (including "\r\n\r\n"), 0 on a clean EOF
 * before any byte, -1 on error/timeout/overflow. *got is how many bytes buf holds (a body may have started). */
static int kl_read_head(int fd, char *buf, size_t cap, size_t *got, int timeout_ms) {
  size_t len = *got;
  for (;;) {
    buf[len] = '\0';
    char *end = strstr(buf, "\r\n\r\n");
    if (end) {
      *got = len;
      return (int)(end - buf) + 4;
    }
    if (len + 1 >= cap) return -1;
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int r = poll(&p, 1, timeout_ms);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return -1;
    ssize_t n = read(fd, buf + len, cap - 1 - len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      *got = len;
      return len == 0 ? 0 : -1;
    }
    len += (size_t)n;
  }
}

/* Copies the value of header `name` from a head (case-insensitive name) into out; returns 1 if found. */
static int kl_header(const char *head, size_t head_len, const char *name, char *out, size_t out_cap) {
  size_t nlen = strlen(name);
  const char *p = strstr(head, "\r\n");
  const char *end = head + head_len;
  while (p && p + 2 < end) {
    p += 2;
    const char *eol = strstr(p, "\r\n");
    if (!eol || eol == p) break;
    if ((size_t)(eol - p) > nlen && strncasecmp(p, name, nlen) == 0 && p[nlen] == ':') {
      const char *v = p + nlen + 1;
      while (*v == ' ' || *v == '\t') v++;
      size_t vlen = (size_t)(eol - v);
      while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t')) vlen--;
      if (vlen >= out_cap) vlen = out_cap - 1;
      memcpy(out, v, vlen);
      out[vlen] = '\0';
      return 1;
    }
    p = eol;
  }
  out[0] = '\0';
  return 0;
}

/* RFC 7231 date for the Date header. */
static void kl_http_date(char *out, size_t cap) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, cap, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

/* Local time formatted with strftime. */
static void kl_now(const char *fmt, char *out, size_t cap) {
  time_t t = time(NULL);
  struct tm tm;
  localtime_r(&t, &tm);
  strftime(out, cap, fmt, &tm);
}

/* Drains `remaining` body bytes from fd (after the part already buffered). */
__attribute__((unused)) static int kl_discard(int fd, long remaining) {
  char tmp[4096];
  while (remaining > 0) {
    ssize_t n = read(fd, tmp, remaining > (long)sizeof tmp ? sizeof tmp : (size_t)remaining);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    remaining -= n;
  }
  return 0;
}

#endif
