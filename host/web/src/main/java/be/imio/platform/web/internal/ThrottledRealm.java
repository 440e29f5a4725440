package be.imio.platform.web.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;

import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.config.JaasRealm;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The instance's {@code karaf} realm with {@link ThrottledLoginModule} in front: Karaf uses the
 * realm of a name with the highest {@link #getRank() rank}, so this one, ranked above Karaf's own
 * (rank 0, configured by {@code etc/org.apache.karaf.jaas.cfg}), stands for it everywhere (the SSH
 * shell, the platform's HTTP contexts) and hands each log-in on to Karaf's login modules, read
 * again at each log-in, so that their configuration (password encryption, files) stays Karaf's.
 * While Karaf's realm is missing the realm has no login module at all and every log-in fails
 * (the throttle alone would let one succeed without a password).
 */
@Component(service = JaasRealm.class)
public final class ThrottledRealm implements JaasRealm {

    static final String NAME = "karaf";
    static final int RANK = 100;

    private final List<JaasRealm> realms = new CopyOnWriteArrayList<>();
    private long bundleId;

    @Activate
    void activate(BundleContext context) {
        bundleId = context.getBundle().getBundleId();
    }

    // Not this component's own service: getting it from within its own activation is a cycle.
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            target = "(!(component.name=be.imio.platform.web.internal.ThrottledRealm))")
    void addRealm(JaasRealm realm) {
        realms.add(realm);
    }

    void removeRealm(JaasRealm realm) {
        realms.remove(realm);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public int getRank() {
        return RANK;
    }

    @Override
    public AppConfigurationEntry[] getEntries() {
        Optional<JaasRealm> karaf = realms.stream()
                .filter(realm -> realm != this && NAME.equals(realm.getName()) && realm.getRank() < RANK)
                .max(Comparator.comparingInt(JaasRealm::getRank));
        if (karaf.isEmpty()) {
            return new AppConfigurationEntry[0];
        }
        List<AppConfigurationEntry> entries = new ArrayList<>();
        // Karaf's proxy loads the module from this bundle; the flag ends a throttled log-in at once.
        entries.add(new AppConfigurationEntry(ProxyLoginModule.class.getName(), LoginModuleControlFlag.REQUISITE,
                Map.of(ProxyLoginModule.PROPERTY_MODULE, ThrottledLoginModule.class.getName(),
                        ProxyLoginModule.PROPERTY_BUNDLE, Long.toString(bundleId))));
        entries.addAll(List.of(karaf.get().getEntries()));
        return entries.toArray(AppConfigurationEntry[]::new);
    }
}
