// SPDX-License-Identifier: MIT
#include "runtime/environment_launcher.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace lambdadesk::core {
namespace {

std::string errnoText(int error)
{
    return std::strerror(error);
}

// posix_spawn (glibc: clone(CLONE_VM|CLONE_VFORK)) is much cheaper than fork() from a large,
// multi-threaded engine, which matters for the cold-start budget.
class ProcessLauncher final : public EnvironmentLauncher {
public:
    Expected<LaunchedProcess> launch(const LaunchSpec& spec) override
    {
        if (spec.argv.empty())
            return Error{"Runtime.InvalidEntrypoint", "nothing to launch"};
        std::error_code ec;
        if (!std::filesystem::is_directory(spec.workingDir, ec))
            return Error{"Runtime.InvalidEntrypoint",
                         "the code folder " + spec.workingDir.string() + " of " + spec.functionName +
                             " does not exist (check CodeUri)"};
        int outPipe[2];
        int errPipe[2];
        if (::pipe2(outPipe, O_CLOEXEC) != 0)
            return Error{"ServiceException", "pipe: " + errnoText(errno)};
        UniqueFd outRead(outPipe[0]), outWrite(outPipe[1]);
        if (::pipe2(errPipe, O_CLOEXEC) != 0)
            return Error{"ServiceException", "pipe: " + errnoText(errno)};
        UniqueFd errRead(errPipe[0]), errWrite(errPipe[1]);

        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_adddup2(&actions, outWrite.get(), 1);
        posix_spawn_file_actions_adddup2(&actions, errWrite.get(), 2);
        posix_spawn_file_actions_addchdir_np(&actions, spec.workingDir.c_str());
        // Nothing else of ours leaks into the function: sockets opened without close-on-exec (listeners
        // of other environments, the endpoint) would otherwise stay reachable while the child lives.
        posix_spawn_file_actions_addclosefrom_np(&actions, 3);

        posix_spawnattr_t attributes;
        posix_spawnattr_init(&attributes);
        sigset_t noSignals;
        sigemptyset(&noSignals);
        sigset_t defaultSignals;
        sigfillset(&defaultSignals);
        posix_spawnattr_setsigmask(&attributes, &noSignals);
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals);
        posix_spawnattr_setpgroup(&attributes, 0);  // own process group: killing the environment kills it all
        posix_spawnattr_setflags(&attributes,
                                 POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

        std::vector<char*> argv;
        for (const auto& arg : spec.argv)
            argv.push_back(const_cast<char*>(arg.c_str()));
        argv.push_back(nullptr);
        std::vector<char*> envp;
        for (const auto& entry : spec.env)
            envp.push_back(const_cast<char*>(entry.c_str()));
        envp.push_back(nullptr);

        pid_t pid = -1;
        const int spawned = ::posix_spawn(&pid, argv[0], &actions, &attributes, argv.data(), envp.data());
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attributes);
        if (spawned != 0)
            return Error{"Runtime.InvalidEntrypoint",
                         "cannot start '" + spec.argv[0] + "' in " + spec.workingDir.string() + ": " +
                             errnoText(spawned)};

        LaunchedProcess process;
        process.pid = pid;
        process.pidFd = UniqueFd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
        if (!process.pidFd.valid()) {
            ::kill(-pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
            return Error{"ServiceException", "pidfd_open: " + errnoText(errno) + " (Linux 5.3 or newer is needed)"};
        }
        ::fcntl(outRead.get(), F_SETFL, O_NONBLOCK);
        ::fcntl(errRead.get(), F_SETFL, O_NONBLOCK);
        process.stdoutFd = std::move(outRead);
        process.stderrFd = std::move(errRead);
        return process;
    }
};

}  // namespace

std::shared_ptr<EnvironmentLauncher> makeProcessLauncher()
{
    return std::make_shared<ProcessLauncher>();
}

}  // namespace lambdadesk::core
