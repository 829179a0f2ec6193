#include "fixtureguard.h"

#include <QFile>
#include <QRandomGenerator>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace {

constexpr char kTokenVariable[] = "DISPATCH_FIXTURE_GUARD";

struct Guard
{
    int writeEnd = -1; // O_CLOEXEC: no program this process starts inherits it
    QByteArray token;
};

// Runs during static initialisation: one thread, nothing started yet, so every child the
// test starts later inherits the mark.
Guard startGuard()
{
    Guard guard;
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        std::perror("fixture guard: pipe2");
        return guard;
    }
    const QByteArray token = QByteArray::number(::getpid()) + '-'
        + QByteArray::number(QRandomGenerator::system()->generate64(), 16);
    const QByteArray script = QFile::encodeName(QStringLiteral(DISPATCH_FIXTURE_GUARD_SCRIPT));

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[0], STDIN_FILENO);
    // Not CTest's output pipe: CTest would wait for the watchdog before it ends the test.
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addclosefrom_np(&actions, STDERR_FILENO + 1);
    // setsid -f forks: the watchdog is setsid's child, not ours, so CTest's timeout (which
    // kills the test's process tree) does not reach it; setsid itself returns at once.
    const char *argv[]
        = { "setsid", "-f", "/bin/sh", script.constData(), token.constData(), "-", nullptr };
    // The watchdog itself must not carry a mark: a watchdog of the process that started us
    // (a test running a copy of itself) would end ours before it has done its work.
    ::unsetenv(kTokenVariable);
    pid_t pid = -1;
    const int spawned = ::posix_spawnp(&pid, "setsid", &actions, nullptr,
                                       const_cast<char *const *>(argv), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[0]);
    int status = 0;
    if (spawned != 0 || ::waitpid(pid, &status, 0) != pid || !WIFEXITED(status)
        || WEXITSTATUS(status) != 0) {
        std::fprintf(stderr,
                     "fixture guard: cannot start %s (setsid from util-linux); a test that "
                     "dies may leave its PostgreSQL running\n",
                     script.constData());
        ::close(fds[1]);
        return guard;
    }
    ::setenv(kTokenVariable, token.constData(), 1);
    guard.writeEnd = fds[1];
    guard.token = token;
    return guard;
}

Guard &guard()
{
    static Guard instance = startGuard();
    return instance;
}

// Start before main(), not on first use: a test may start programs before it builds a
// TestCluster, and they must carry the mark.
[[maybe_unused]] const bool startedBeforeMain = guard().writeEnd >= 0;

} // namespace

bool FixtureGuard::isWatching()
{
    return guard().writeEnd >= 0;
}

QString FixtureGuard::token()
{
    return QString::fromLatin1(guard().token);
}

void FixtureGuard::removeAfterExit(const QString &dir)
{
    if (guard().writeEnd < 0)
        return;
    // A watchdog that is gone (killed by hand) must not take us with it by SIGPIPE.
    pollfd pipe { guard().writeEnd, POLLOUT, 0 };
    if (::poll(&pipe, 1, 0) == 1 && (pipe.revents & (POLLERR | POLLHUP)) != 0) {
        std::fprintf(stderr, "fixture guard: the watchdog is gone; %s is not watched\n",
                     QFile::encodeName(dir).constData());
        return;
    }
    // One short line: a single write() to a pipe is atomic.
    const QByteArray line = QFile::encodeName(dir) + '\n';
    ssize_t written;
    do {
        written = ::write(guard().writeEnd, line.constData(), size_t(line.size()));
    } while (written < 0 && errno == EINTR);
}
