#ifndef CGIT2STARTUP_H
#define CGIT2STARTUP_H

/// Runs git_libgit2_init without loading the system's CA certificates for
/// libgit2's own HTTPS transport, which git-ops never uses, and turns off the
/// hashing of every object read (see CGit2Startup.c).
/// Returns what git_libgit2_init returns.
int git_ops_libgit2_init(void);

/// Loads the CA certificates of `file` for libgit2's HTTPS transport, as
/// GIT_OPT_SET_SSL_CERT_LOCATIONS does (a use of that transport must call it
/// first). Returns 0, or -1 with libgit2's error set.
int git_ops_libgit2_load_certificates(const char *file);

#endif
