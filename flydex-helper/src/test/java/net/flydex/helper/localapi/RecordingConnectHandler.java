package net.flydex.helper.localapi;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A connect handler that remembers every request it was given, to prove refused ones never arrive. */
final class RecordingConnectHandler implements ConnectHandler {
    private final List<ConnectRequest> requests = new CopyOnWriteArrayList<>();
    private final ConnectHandler answer;

    RecordingConnectHandler(ConnectHandler answer) {
        this.answer = answer;
    }

    static RecordingConnectHandler accepting() {
        return new RecordingConnectHandler(request -> new ConnectResult.Accepted("registering"));
    }

    @Override
    public ConnectResult connect(ConnectRequest request) {
        requests.add(request);
        return answer.connect(request);
    }

    List<ConnectRequest> requests() {
        return List.copyOf(requests);
    }
}
