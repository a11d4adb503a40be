/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TemplateMinerTest {
  private final TemplateMiner miner = new TemplateMiner(TemplateSettings.defaults());

  @Test
  void messagesThatDifferOnlyInMaskedValuesShareATemplate() {
    TemplateMatch first = miner.mine("PacketResponder 1 for block blk_3886 terminating");
    TemplateMatch second = miner.mine("PacketResponder 2 for block blk_-8229 terminating");

    assertThat(first.created()).isTrue();
    assertThat(second.created()).isFalse();
    assertThat(second.templateId()).isEqualTo(first.templateId());
    assertThat(second.template()).isEqualTo("PacketResponder <*> for block <*> terminating");
    assertThat(second.values()).containsExactly("2", "blk_-8229");
  }

  @Test
  void aPositionThatVariesBecomesAWildcardAndTheIdStays() {
    TemplateMatch news = miner.mine("session opened for user news by (uid=0)");
    TemplateMatch cyrus = miner.mine("session opened for user cyrus by (uid=0)");

    assertThat(cyrus.templateId()).isEqualTo(news.templateId());
    assertThat(news.template()).isEqualTo("session opened for user news by (uid=<*>)");
    assertThat(cyrus.template()).isEqualTo("session opened for user <*> by (uid=<*>)");
    assertThat(miner.template(news.templateId()).text()).isEqualTo(cyrus.template());
    assertThat(cyrus.values()).containsExactly("cyrus", "0");
  }

  @Test
  void generalisingKeepsFieldNamesAndClosingPunctuation() {
    assertThat(TemplateMiner.generalised("rhost=a.example.org", "rhost=b.example.net"))
        .isEqualTo("rhost=<*>");
    assertThat(TemplateMiner.generalised("KB)", "MB)")).isEqualTo("<*>)");
    assertThat(TemplateMiner.generalised("root", "news")).isEqualTo("<*>");
  }

  @Test
  void shortMessagesDifferingInAWordStayApart() {
    TemplateMatch startup = miner.mine("cupsd startup succeeded");
    TemplateMatch shutdown = miner.mine("cupsd shutdown succeeded");

    assertThat(shutdown.templateId()).isNotEqualTo(startup.templateId());
  }

  @Test
  void keyEqualsWordValuesAreStatesNotVariables() {
    String a =
        miner
            .mine("authentication failure; logname= uid=0 tty=ssh rhost=1.2.3.4 user=root")
            .templateId();
    String b =
        miner
            .mine("authentication failure; logname= uid=0 tty=ssh rhost=1.2.3.5 user=guest")
            .templateId();

    assertThat(b).isNotEqualTo(a);
  }

  @Test
  void aNumberAndAWordInOnePlaceAreDifferentEvents() {
    String https = miner.mine("a.com:443 open through proxy p.org:5070 HTTPS").templateId();
    String socks = miner.mine("b.com:443 open through proxy p.org:5070 SOCKS5").templateId();

    assertThat(socks).isNotEqualTo(https);
  }

  @Test
  void messagesOfDifferentLengthsNeverShareATemplateOnline() {
    String shorter = miner.mine("Got assigned task 12").templateId();
    String longer = miner.mine("Got assigned task 12 now").templateId();

    assertThat(longer).isNotEqualTo(shorter);
  }

  @Test
  void idsDependOnContentNotOnArrivalOrderOrInstance() {
    List<String> messages = new ArrayList<>();
    Random random = new Random(7);
    for (int i = 0; i < 300; i++) {
      messages.add(
          switch (i % 4) {
            case 0 ->
                "Received block blk_" + random.nextLong() + " of size " + random.nextInt(1 << 20);
            case 1 ->
                "Connection to 10.0.0."
                    + random.nextInt(255)
                    + ":"
                    + random.nextInt(65536)
                    + " lost";
            case 2 -> "Verification succeeded for blk_" + random.nextLong();
            default ->
                "Served block blk_" + random.nextLong() + " to /10.1.1." + random.nextInt(255);
          });
    }
    List<String> shuffled = new ArrayList<>(messages);
    Collections.shuffle(shuffled, new Random(3));
    TemplateMiner one = new TemplateMiner(TemplateSettings.defaults());
    TemplateMiner other = new TemplateMiner(TemplateSettings.defaults());

    Map<String, String> idsOne = new HashMap<>();
    Map<String, String> idsOther = new HashMap<>();
    messages.forEach(m -> idsOne.put(m, one.mine(m).templateId()));
    shuffled.forEach(m -> idsOther.put(m, other.mine(m).templateId()));

    assertThat(idsOther).isEqualTo(idsOne);
    assertThat(one.templates()).hasSize(4);
  }

  @Test
  void theTemplateCountIsCappedByEvictingTheLeastRecentlyMatched() {
    TemplateMiner small = new TemplateMiner(TemplateSettings.defaults().withMaxTemplates(3));
    String keep = small.mine("heartbeat from node 1").templateId();
    small.mine("alpha event happened");
    small.mine("heartbeat from node 2");
    small.mine("beta event occurred somewhere");
    small.mine("heartbeat from node 3");
    small.mine("gamma thing took place here now"); // evicts "alpha", the least recently matched

    assertThat(small.templates()).hasSize(3);
    assertThat(small.templates())
        .extracting(MinedTemplate::text)
        .containsExactlyInAnyOrder(
            "heartbeat from node <*>",
            "beta event occurred somewhere",
            "gamma thing took place here now");
    // An evicted template comes back with the same id when its messages return.
    String alphaAgain = small.mine("alpha event happened").templateId();
    assertThat(alphaAgain).isEqualTo(TemplateIds.of(new String[] {"alpha", "event", "happened"}));
    assertThat(small.template(keep)).isNotNull();
  }

  @Test
  void aRestoredMinerGoesOnWithTheSameTemplatesAndIds() {
    String id = miner.mine("session closed for user news").templateId();
    miner.mine("session closed for user cyrus");

    TemplateMinerState state = miner.snapshot();
    TemplateMiner restored = TemplateMiner.restore(TemplateSettings.defaults(), state);
    TemplateMatch again = restored.mine("session closed for user test");

    assertThat(again.templateId()).isEqualTo(id);
    assertThat(again.created()).isFalse();
    assertThat(again.template()).isEqualTo("session closed for user <*>");
    assertThat(state.getClock()).isEqualTo(2);
    assertThat(state.getTemplates().get(0).getCount()).isEqualTo(2);
  }

  @Test
  void theStateIsAPlainBeanOfTemplates() throws Exception {
    miner.mine("a b 1");
    TemplateMinerState state = miner.snapshot();

    // Public no-arg constructors and setters, as Flink's POJO serializer needs.
    MinedTemplate copy = MinedTemplate.class.getConstructor().newInstance();
    copy.setId(state.getTemplates().get(0).getId());
    copy.setTokens(state.getTemplates().get(0).getTokens());
    copy.setLearned(state.getTemplates().get(0).getLearned());
    TemplateMinerState rebuilt = TemplateMinerState.class.getConstructor().newInstance();
    rebuilt.setTemplates(List.of(copy));
    rebuilt.setClock(state.getClock());

    assertThat(
            TemplateMiner.restore(TemplateSettings.defaults(), rebuilt).mine("a b 2").templateId())
        .isEqualTo(copy.getId());
  }
}
