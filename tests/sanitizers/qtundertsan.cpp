// Linked into every test executable and the console of a DISPATCH_SANITIZE_THREAD build,
// nothing else:
// two places where Debian's uninstrumented Qt 6.4 and GCC 12's libtsan do not fit together.
// Both functions come first in symbol lookup (the executable before libtsan and libc) and
// hand on to the next definition. See tests/sanitizers/tsan.supp for the rest.

#include <cstdarg>
#include <cstring>
#include <dlfcn.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/types.h>

extern "C" void __tsan_ignore_thread_begin();
extern "C" void __tsan_ignore_thread_end();

namespace {
using CloneFunction = int (*)(int (*)(void *), void *, int, void *, ...);
using PrctlFunction = int (*)(int, ...);

// TSan aborts when a thread ends with its ignores on: end them in the thread's last
// thread_local destructor, which runs before TSan's own end-of-thread bookkeeping.
struct IgnoredThread
{
    IgnoredThread() { __tsan_ignore_thread_begin(); }
    ~IgnoredThread() { __tsan_ignore_thread_end(); }
};
} // namespace

// QProcess starts its child with clone(CLONE_VM | CLONE_VFORK): the child borrows our memory
// and the calling thread's TLS until it execs. libtsan intercepts clone() and runs its
// after-fork bookkeeping in that child, which with CLONE_VM lands in *our* TSan state: the
// process is marked "after a multi-threaded fork" (QtTest's watchdog is always a second
// thread), so the next std::thread/QThread aborts the test ("starting new threads after
// multi-threaded fork is not supported"), and with die_after_fork=0 the thread that started
// the process is ignored from then on — races it takes part in are silently not reported.
// TestCluster starts PostgreSQL with QProcess, so every database test hits this.
//
// Hand TSan a plain fork instead: the same call without CLONE_VM | CLONE_VFORK. The child
// then runs Qt's pre-exec code in its own copy of memory; QProcess reports a failed start
// through its pipe, so nothing it needs is lost.
extern "C" int clone(int (*function)(void *), void *stack, int flags, void *argument, ...)
{
    // The optional arguments are read unconditionally and passed on unchanged; clone() looks
    // at them only when the flags say so.
    va_list rest;
    va_start(rest, argument);
    auto *parentTid = va_arg(rest, pid_t *);
    auto *tls = va_arg(rest, void *);
    auto *childTid = va_arg(rest, pid_t *);
    va_end(rest);

    static const auto next = reinterpret_cast<CloneFunction>(dlsym(RTLD_NEXT, "clone"));
    const bool vforkLike = (flags & CLONE_VM) && (flags & CLONE_VFORK) && !(flags & CLONE_THREAD);
    if (vforkLike)
        flags &= ~(CLONE_VM | CLONE_VFORK);
    return next(function, stack, flags, argument, parentTid, tls, childTid);
}

// Two kinds of thread in these tests run only Qt code, never ours:
//  - "QNetworkAccessManager thread": the HTTP tests' client does its work there;
//  - "Thread (pooled)": QThreadPool's threads — here the ones Qt Gui starts while the
//    trainer view test paints and exports its timeline. Our code runs nothing on
//    QThreadPool (there is no QThreadPool, QtConcurrent or QFuture in model/, ui/ or app/);
//    if it ever does, drop this name, or TSan stops checking that work too.
// TSan sees such code only where it calls malloc, free or memcpy, and sees none of its
// synchronisation with our threads (QMutex, QSemaphore, queued events, atomic reference
// counts), so every report against those threads is noise, mostly with no function name to
// suppress it by (Qt's static functions symbolize as <null>). QThread names its thread with
// prctl(PR_SET_NAME) as it starts: from then on that thread's memory accesses are ignored.
// Its synchronisation is still recorded, and every other thread stays checked.
extern "C" int prctl(int option, ...)
{
    va_list rest;
    va_start(rest, option);
    const auto arg2 = va_arg(rest, unsigned long);
    const auto arg3 = va_arg(rest, unsigned long);
    const auto arg4 = va_arg(rest, unsigned long);
    const auto arg5 = va_arg(rest, unsigned long);
    va_end(rest);

    if (option == PR_SET_NAME && arg2 != 0) {
        const auto *name = reinterpret_cast<const char *>(arg2);
        if (std::strcmp(name, "QNetworkAccessManager thread") == 0
            || std::strcmp(name, "Thread (pooled)") == 0) {
            thread_local IgnoredThread ignored;
        }
    }
    static const auto next = reinterpret_cast<PrctlFunction>(dlsym(RTLD_NEXT, "prctl"));
    return next(option, arg2, arg3, arg4, arg5);
}
