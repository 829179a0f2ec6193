#pragma once

#include <QObject>

class QSocketNotifier;

// Turns SIGINT, SIGTERM and SIGHUP into Qt signals on the thread that created it (self-pipe:
// the handler only writes a byte), so the embedded server is stopped and connections closed
// as on a normal exit.
//
// By default every one of them quits the application (QCoreApplication::quit(), once): the
// console and --migrate-only. A service (`serve`) calls handleSignalsItself() and decides:
// SIGINT/SIGTERM emit stopRequested() (it drains, then quits), SIGHUP emits
// reloadRequested(). One watcher per process: the handler writes to one pipe.
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

    void handleSignalsItself() { m_quitOnSignal = false; }

signals:
    void stopRequested(int signalNumber); // SIGINT or SIGTERM, each time one arrives
    void reloadRequested(); // SIGHUP

private:
    void onReadable();

    QSocketNotifier *m_notifier = nullptr;
    bool m_quitOnSignal = true;
};
