#pragma once

#include <QObject>

class QSocketNotifier;

// Turns SIGINT and SIGTERM into a clean QCoreApplication::quit(), so the embedded server is
// stopped and connections closed as on a normal exit (self-pipe: the handler only writes).
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

private:
    QSocketNotifier *m_notifier = nullptr;
};
