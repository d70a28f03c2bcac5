package io.hearthnet.api.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearthnet.api.testing.Threads;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdmissionExecutorTest {
    private final ExecutorService workers = Executors.newCachedThreadPool(Workers.daemonThreads("admission-test"));
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        opened.forEach(AdmissionExecutor::close);
        workers.shutdownNow();
    }

    /** An exchange that records where it ran and whether it was refused, then waits for {@link #release}. */
    private Runnable blocking(AtomicReference<Thread> ranOn, AtomicBoolean refused) {
        return () -> {
            refused.set(AdmissionExecutor.refusing());
            ranOn.set(Thread.currentThread());
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    @Test
    void admits_up_to_its_limit_on_the_workers_and_refuses_the_rest_off_the_caller_s_thread() {
        AdmissionExecutor admission = new AdmissionExecutor(workers, 2);
        closeLater(admission);
        AtomicReference<Thread> first = new AtomicReference<>();
        AtomicReference<Thread> second = new AtomicReference<>();
        AtomicBoolean firstRefused = new AtomicBoolean(true);
        admission.execute(blocking(first, firstRefused));
        admission.execute(blocking(second, new AtomicBoolean()));
        Threads.awaitTrue("both admitted exchanges to run", () -> first.get() != null && second.get() != null);
        assertThat(first.get()).isNotSameAs(Thread.currentThread());
        assertThat(firstRefused).isFalse();
        assertThat(admission.admitted()).isEqualTo(2);

        AtomicReference<Thread> third = new AtomicReference<>();
        AtomicBoolean thirdRefused = new AtomicBoolean();
        admission.execute(() -> {
            thirdRefused.set(AdmissionExecutor.refusing());
            third.set(Thread.currentThread());
        });

        Threads.awaitTrue("the refused exchange to run", () -> third.get() != null);
        assertThat(third.get()).as("a slow request is read off the dispatcher").isNotSameAs(Thread.currentThread())
                .isNotIn(first.get(), second.get());
        assertThat(thirdRefused).isTrue();

        release.countDown();
        Threads.awaitTrue("the permits to come back", () -> admission.admitted() == 0);
        AtomicReference<Thread> later = new AtomicReference<>();
        admission.execute(() -> later.set(Thread.currentThread()));
        Threads.awaitTrue("a later exchange to run", () -> later.get() != null);
        assertThat(later.get()).as("admitted again, so on a worker").isNotSameAs(Thread.currentThread());
    }

    @Test
    void an_exchange_the_workers_reject_is_refused_and_its_permit_returned() {
        ThreadPoolExecutor one = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new SynchronousQueue<>());
        try {
            AdmissionExecutor admission = new AdmissionExecutor(one, 5);
            closeLater(admission);
            AtomicReference<Thread> busy = new AtomicReference<>();
            admission.execute(blocking(busy, new AtomicBoolean()));
            Threads.awaitTrue("the only worker to be busy", () -> busy.get() != null);
            AtomicBoolean refused = new AtomicBoolean();
            CountDownLatch ran = new CountDownLatch(1);

            admission.execute(() -> {
                refused.set(AdmissionExecutor.refusing());
                ran.countDown();
            });

            Threads.await(ran);
            assertThat(refused).isTrue();
            assertThat(admission.admitted()).isEqualTo(1);
        } finally {
            release.countDown();
            one.shutdownNow();
        }
    }

    @Test
    void when_the_refusal_threads_are_busy_too_the_refusal_runs_on_the_caller() {
        AdmissionExecutor admission = new AdmissionExecutor(workers, 1);
        closeLater(admission);
        admission.execute(blocking(new AtomicReference<>(), new AtomicBoolean()));
        Threads.awaitTrue("the one admitted exchange to hold its permit", () -> admission.admitted() == 1);
        java.util.concurrent.atomic.AtomicInteger slow = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < 2; i++) {
            admission.execute(() -> {
                slow.incrementAndGet();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        Threads.awaitTrue("both refusal threads to be held by slow requests", () -> slow.get() == 2);
        for (int i = 0; i < 64; i++) {
            admission.execute(() -> { });
        }

        AtomicReference<Thread> last = new AtomicReference<>();
        AtomicBoolean lastRefused = new AtomicBoolean();
        admission.execute(() -> {
            last.set(Thread.currentThread());
            lastRefused.set(AdmissionExecutor.refusing());
        });

        assertThat(last.get()).isSameAs(Thread.currentThread());
        assertThat(lastRefused).isTrue();
        assertThat(AdmissionExecutor.refusing()).as("the flag is cleared after the refused exchange").isFalse();
    }

    private final java.util.List<AdmissionExecutor> opened = new java.util.ArrayList<>();

    private void closeLater(AdmissionExecutor admission) {
        opened.add(admission);
    }

    @Test
    void a_limit_below_one_is_refused() {
        assertThatThrownBy(() -> new AdmissionExecutor(workers, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }
}
