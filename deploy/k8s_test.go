package deploy_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

// manifests holds every object of the kustomize base, decoded strictly into its
// Kubernetes type: an unknown or misspelt field fails the test.
type manifests struct {
	deployments  map[string]*appsv1.Deployment
	services     map[string]*corev1.Service
	configMaps   map[string]*corev1.ConfigMap
	pdbs         map[string]*policyv1.PodDisruptionBudget
	hpas         map[string]*autoscalingv2.HorizontalPodAutoscaler
	ingresses    map[string]*networkingv1.Ingress
	policies     map[string]*networkingv1.NetworkPolicy
	secretsFound []string
}

type kustomization struct {
	APIVersion string   `json:"apiVersion"`
	Kind       string   `json:"kind"`
	Namespace  string   `json:"namespace"`
	Resources  []string `json:"resources"`
	Labels     []struct {
		Pairs map[string]string `json:"pairs"`
	} `json:"labels"`
	Images []struct {
		Name    string `json:"name"`
		NewName string `json:"newName"`
		NewTag  string `json:"newTag"`
	} `json:"images"`
}

func decodeInto[T any](t *testing.T, where string, doc []byte, into map[string]*T, name string) {
	t.Helper()
	obj := new(T)
	if err := yaml.UnmarshalStrict(doc, obj); err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	if _, dup := into[name]; dup {
		t.Fatalf("%s: a second %s", where, name)
	}
	into[name] = obj
}

func loadK8s(t *testing.T) manifests {
	t.Helper()
	kb, err := os.ReadFile("k8s/kustomization.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var k kustomization
	if err := yaml.UnmarshalStrict(kb, &k); err != nil {
		t.Fatalf("kustomization.yaml: %v", err)
	}
	if k.Kind != "Kustomization" || k.Namespace == "" {
		t.Errorf("kustomization: kind %q namespace %q", k.Kind, k.Namespace)
	}
	files, _ := filepath.Glob("k8s/*.yaml")
	listed := append([]string{"kustomization.yaml"}, k.Resources...)
	for _, f := range files {
		if !slices.Contains(listed, filepath.Base(f)) {
			t.Errorf("%s is not listed in kustomization.yaml", f)
		}
	}
	m := manifests{
		deployments: map[string]*appsv1.Deployment{}, services: map[string]*corev1.Service{},
		configMaps: map[string]*corev1.ConfigMap{}, pdbs: map[string]*policyv1.PodDisruptionBudget{},
		hpas: map[string]*autoscalingv2.HorizontalPodAutoscaler{}, ingresses: map[string]*networkingv1.Ingress{},
		policies: map[string]*networkingv1.NetworkPolicy{},
	}
	for _, res := range k.Resources {
		b, err := os.ReadFile(filepath.Join("k8s", res))
		if err != nil {
			t.Fatal(err)
		}
		for i, doc := range strings.Split(string(b), "\n---\n") {
			where := fmt.Sprintf("%s document %d", res, i+1)
			var head metav1.TypeMeta
			var meta struct {
				metav1.TypeMeta `json:",inline"`
				Metadata        metav1.ObjectMeta `json:"metadata"`
			}
			if err := yaml.Unmarshal([]byte(doc), &meta); err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			head, name := meta.TypeMeta, meta.Metadata.Name
			if name == "" {
				t.Fatalf("%s: no metadata.name", where)
			}
			if meta.Metadata.Namespace != "" {
				t.Errorf("%s: sets its namespace; the kustomization does", where)
			}
			switch head.APIVersion + " " + head.Kind {
			case "apps/v1 Deployment":
				decodeInto(t, where, []byte(doc), m.deployments, name)
			case "v1 Service":
				decodeInto(t, where, []byte(doc), m.services, name)
			case "v1 ConfigMap":
				decodeInto(t, where, []byte(doc), m.configMaps, name)
			case "policy/v1 PodDisruptionBudget":
				decodeInto(t, where, []byte(doc), m.pdbs, name)
			case "autoscaling/v2 HorizontalPodAutoscaler":
				decodeInto(t, where, []byte(doc), m.hpas, name)
			case "networking.k8s.io/v1 Ingress":
				decodeInto(t, where, []byte(doc), m.ingresses, name)
			case "networking.k8s.io/v1 NetworkPolicy":
				decodeInto(t, where, []byte(doc), m.policies, name)
			case "v1 Secret":
				m.secretsFound = append(m.secretsFound, where)
			default:
				t.Fatalf("%s: unexpected %s %s", where, head.APIVersion, head.Kind)
			}
		}
	}
	return m
}

func TestK8sDeploymentsAreProbedAndLockedDown(t *testing.T) {
	m := loadK8s(t)
	if len(m.secretsFound) > 0 {
		t.Errorf("secrets are inlined: %v", m.secretsFound)
	}
	for _, svc := range services {
		d, ok := m.deployments[svc.Name]
		if !ok {
			t.Errorf("no Deployment %s", svc.Name)
			continue
		}
		pod := d.Spec.Template.Spec
		if len(pod.Containers) != 1 {
			t.Fatalf("%s: %d containers", svc.Name, len(pod.Containers))
		}
		c := pod.Containers[0]
		if !slices.Equal(c.Args, []string{"serve", svc.Name}) || !strings.HasPrefix(c.Image, "stepperslife:") {
			t.Errorf("%s runs %s %v", svc.Name, c.Image, c.Args)
		}
		if len(c.Ports) != 1 || c.Ports[0].ContainerPort != int32(svc.Port) || c.Ports[0].Name != "http" {
			t.Errorf("%s ports = %+v", svc.Name, c.Ports)
		}
		if !slices.ContainsFunc(c.Env, func(e corev1.EnvVar) bool { return e.Name == "PORT" && e.Value == fmt.Sprint(svc.Port) }) {
			t.Errorf("%s: PORT is not %d", svc.Name, svc.Port)
		}
		probe := func(what string, p *corev1.Probe, path string) {
			if p == nil || p.HTTPGet == nil || p.HTTPGet.Path != path || p.HTTPGet.Port.String() != "http" {
				t.Errorf("%s %s probe = %+v, want GET %s", svc.Name, what, p, path)
			}
		}
		probe("readiness", c.ReadinessProbe, "/readyz")
		probe("liveness", c.LivenessProbe, "/healthz")
		if c.Resources.Requests.Cpu().IsZero() || c.Resources.Requests.Memory().IsZero() || c.Resources.Limits.Memory().IsZero() {
			t.Errorf("%s resources = %+v", svc.Name, c.Resources)
		}
		sc := c.SecurityContext
		if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem ||
			sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation ||
			sc.Capabilities == nil || !slices.Equal(sc.Capabilities.Drop, []corev1.Capability{"ALL"}) || len(sc.Capabilities.Add) > 0 {
			t.Errorf("%s container securityContext = %+v", svc.Name, sc)
		}
		psc := pod.SecurityContext
		if psc == nil || psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot || psc.RunAsUser == nil || *psc.RunAsUser == 0 {
			t.Errorf("%s pod securityContext = %+v", svc.Name, psc)
		}
		if pod.AutomountServiceAccountToken == nil || *pod.AutomountServiceAccountToken {
			t.Errorf("%s mounts a service account token it never uses", svc.Name)
		}
		var secrets []string
		for _, from := range c.EnvFrom {
			if from.SecretRef != nil {
				secrets = append(secrets, from.SecretRef.Name)
			}
		}
		if !slices.Equal(secrets, []string{svc.Name + "-env"}) {
			t.Errorf("%s reads secrets %v, want only %s-env", svc.Name, secrets, svc.Name)
		}
		for _, e := range c.Env {
			if e.Value != "" && secretKey.MatchString(e.Name) {
				t.Errorf("%s inlines %s", svc.Name, e.Name)
			}
		}
		ann := d.Spec.Template.Annotations
		if ann["prometheus.io/scrape"] != "true" || ann["prometheus.io/port"] != fmt.Sprint(svc.Port) || ann["prometheus.io/path"] != "/metrics" {
			t.Errorf("%s scrape annotations = %v", svc.Name, ann)
		}
		labels := d.Spec.Template.Labels
		if labels["app.kubernetes.io/component"] != svc.Name || !selects(d.Spec.Selector, labels) {
			t.Errorf("%s labels %v, selector %v", svc.Name, labels, d.Spec.Selector)
		}

		s := m.services[svc.Name]
		if s == nil || len(s.Spec.Ports) != 1 || s.Spec.Ports[0].Port != int32(svc.Port) || !mapSubset(s.Spec.Selector, labels) {
			t.Errorf("%s Service = %+v", svc.Name, s)
		}
		pdb := m.pdbs[svc.Name]
		if pdb == nil || !selects(pdb.Spec.Selector, labels) || pdb.Spec.MinAvailable == nil {
			t.Errorf("%s PodDisruptionBudget = %+v", svc.Name, pdb)
		}
		hpa := m.hpas[svc.Name]
		if hpa == nil || hpa.Spec.ScaleTargetRef.Kind != "Deployment" || hpa.Spec.ScaleTargetRef.Name != svc.Name ||
			hpa.Spec.MinReplicas == nil || *hpa.Spec.MinReplicas < 2 || hpa.Spec.MaxReplicas < *hpa.Spec.MinReplicas {
			t.Errorf("%s HorizontalPodAutoscaler = %+v", svc.Name, hpa)
		}
		host := svc.Name + ".stepperslife.com"
		if svc.Name == "portal" {
			host = "stepperslife.com"
		}
		ing := m.ingresses[svc.Name]
		if ing == nil || len(ing.Spec.Rules) != 1 || ing.Spec.Rules[0].Host != host || len(ing.Spec.TLS) != 1 ||
			ing.Spec.Rules[0].HTTP.Paths[0].Backend.Service.Name != svc.Name {
			t.Errorf("%s Ingress = %+v, want host %s with TLS", svc.Name, ing, host)
		}
	}
	common := m.configMaps["stepperslife-common"]
	if common == nil || common.Data["COOKIE_DOMAIN"] != ".stepperslife.com" || common.Data["NEXTAUTH_URL"] != "https://stepperslife.com" ||
		common.Data["PORTAL_INTERNAL_URL"] != "http://portal:3001" {
		t.Errorf("common settings = %+v", common)
	}
	for k := range common.Data {
		if secretKey.MatchString(k) {
			t.Errorf("the ConfigMap holds %s", k)
		}
	}
}

func selects(sel *metav1.LabelSelector, labels map[string]string) bool {
	return sel != nil && len(sel.MatchExpressions) == 0 && len(sel.MatchLabels) > 0 && mapSubset(sel.MatchLabels, labels)
}

func mapSubset(sub, of map[string]string) bool {
	for k, v := range sub {
		if of[k] != v {
			return false
		}
	}
	return len(sub) > 0
}

// podLabels are the labels of every pod the policies talk about.
func podLabels(kind, service string) map[string]string {
	switch kind {
	case "stepperslife":
		return map[string]string{"app.kubernetes.io/name": "stepperslife", "app.kubernetes.io/component": service}
	case "minio":
		return map[string]string{"app.kubernetes.io/name": "minio", "stepperslife.com/service": service}
	}
	return nil
}

// peerSelects says whether peer admits a pod with labels in the policy's own namespace.
func peerSelects(peer networkingv1.NetworkPolicyPeer, labels map[string]string) bool {
	if peer.NamespaceSelector != nil || peer.IPBlock != nil || peer.PodSelector == nil {
		return false
	}
	sel := peer.PodSelector
	return len(sel.MatchExpressions) == 0 && (len(sel.MatchLabels) == 0 || mapSubset(sel.MatchLabels, labels))
}

func TestK8sNetworkPoliciesIsolateEachService(t *testing.T) {
	m := loadK8s(t)
	deny := m.policies["default-deny"]
	if deny == nil || len(deny.Spec.PodSelector.MatchLabels) != 0 || len(deny.Spec.Ingress) != 0 || len(deny.Spec.Egress) != 0 ||
		!slices.Equal(deny.Spec.PolicyTypes, []networkingv1.PolicyType{"Ingress", "Egress"}) {
		t.Errorf("default-deny = %+v", deny)
	}
	for _, svc := range services {
		p := m.policies[svc.Name]
		if p == nil {
			t.Errorf("%s has no NetworkPolicy", svc.Name)
			continue
		}
		self := podLabels("stepperslife", svc.Name)
		if !mapSubset(p.Spec.PodSelector.MatchLabels, self) || !mapSubset(p.Spec.PodSelector.MatchLabels, self) ||
			p.Spec.PodSelector.MatchLabels["app.kubernetes.io/component"] != svc.Name {
			t.Errorf("%s policy selects %v", svc.Name, p.Spec.PodSelector.MatchLabels)
		}
		if !slices.Equal(p.Spec.PolicyTypes, []networkingv1.PolicyType{"Ingress", "Egress"}) {
			t.Errorf("%s policy types = %v", svc.Name, p.Spec.PolicyTypes)
		}

		// Who may call: the ingress controller, Prometheus, and the portal (for the
		// portal: the six services, which read its keys). Never another vertical.
		for _, rule := range p.Spec.Ingress {
			for _, port := range rule.Ports {
				if port.Port == nil || port.Port.IntValue() != svc.Port {
					t.Errorf("%s accepts traffic on %v", svc.Name, port.Port)
				}
			}
			for _, from := range rule.From {
				switch {
				case from.IPBlock != nil:
					t.Errorf("%s accepts traffic from %s", svc.Name, from.IPBlock.CIDR)
				case from.NamespaceSelector != nil:
					ns := from.NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"]
					if ns != "ingress-nginx" && ns != "monitoring" {
						t.Errorf("%s accepts traffic from namespace %v", svc.Name, from.NamespaceSelector)
					}
				default:
					for _, other := range services {
						if other.Name == svc.Name || other.Name == "portal" || svc.Name == "portal" {
							continue
						}
						if peerSelects(from, podLabels("stepperslife", other.Name)) {
							t.Errorf("%s accepts traffic from %s", svc.Name, other.Name)
						}
					}
				}
			}
		}
		if svc.Name != "portal" && !admitsFrom(p, podLabels("stepperslife", "portal")) {
			t.Errorf("the portal cannot reach %s", svc.Name)
		}

		// Where it may go: its own MinIO, never another's; another service only if it is
		// the portal (or, for the portal, the six services).
		reachesOwnMinio := false
		for _, rule := range p.Spec.Egress {
			for _, to := range rule.To {
				if to.IPBlock != nil {
					if to.IPBlock.CIDR == "0.0.0.0/0" && !slices.Contains(to.IPBlock.Except, "10.0.0.0/8") {
						t.Errorf("%s may reach the cluster's private addresses", svc.Name)
					}
					continue
				}
				for _, other := range services[1:] {
					if peerSelects(to, podLabels("minio", other.Name)) {
						if other.Name != svc.Name {
							t.Errorf("%s may reach %s's MinIO", svc.Name, other.Name)
						} else {
							reachesOwnMinio = true
						}
					}
					if svc.Name != "portal" && other.Name != svc.Name && peerSelects(to, podLabels("stepperslife", other.Name)) {
						t.Errorf("%s may reach the %s service", svc.Name, other.Name)
					}
				}
				if to.PodSelector != nil && to.NamespaceSelector == nil {
					name := to.PodSelector.MatchLabels["app.kubernetes.io/name"]
					if name != "stepperslife" && name != "minio" && name != "postgresql" {
						t.Errorf("%s may reach pods %v", svc.Name, to.PodSelector.MatchLabels)
					}
				}
			}
		}
		if svc.MinioPort != 0 && !reachesOwnMinio {
			t.Errorf("%s cannot reach its own MinIO", svc.Name)
		}
		if svc.Name != "portal" && !reaches(p, podLabels("stepperslife", "portal"), 3001) {
			t.Errorf("%s cannot fetch the portal's keys", svc.Name)
		}
		if svc.Name == "portal" {
			for _, other := range services[1:] {
				if !reaches(p, podLabels("stepperslife", other.Name), other.Port) {
					t.Errorf("the portal cannot call %s", other.Name)
				}
			}
		}
		if !reaches(p, map[string]string{"app.kubernetes.io/name": "postgresql"}, 5432) {
			t.Errorf("%s cannot reach PostgreSQL", svc.Name)
		}
	}
}

func admitsFrom(p *networkingv1.NetworkPolicy, labels map[string]string) bool {
	for _, rule := range p.Spec.Ingress {
		if slices.ContainsFunc(rule.From, func(peer networkingv1.NetworkPolicyPeer) bool { return peerSelects(peer, labels) }) {
			return true
		}
	}
	return false
}

func reaches(p *networkingv1.NetworkPolicy, labels map[string]string, port int) bool {
	for _, rule := range p.Spec.Egress {
		okPort := slices.ContainsFunc(rule.Ports, func(np networkingv1.NetworkPolicyPort) bool { return np.Port != nil && np.Port.IntValue() == port })
		if okPort && slices.ContainsFunc(rule.To, func(peer networkingv1.NetworkPolicyPeer) bool { return peerSelects(peer, labels) }) {
			return true
		}
	}
	return false
}
