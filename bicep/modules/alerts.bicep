// Alerts for whoever operates the system (docs/operations.md): failed videos, messages left on the poison queue,
// undeliverable events. Each fires to an optional action group that e-mails alertEmail.
// API versions: Insights/actionGroups 2023-01-01, Insights/scheduledQueryRules 2023-12-01, Insights/metricAlerts 2018-03-01.

@description('Azure region of the query alert (metric alerts are global).')
param location string

@description('Tags applied to every alert.')
param tags object

@description('Application Insights component the app logs to.')
param appInsightsName string

@description('Storage account whose queues hold the blob trigger\'s poison messages.')
param storageAccountName string

@description('Event Grid system topic of the input container.')
param systemTopicName string

@description('E-mail address alerts go to; empty: the alerts fire in the portal only.')
param alertEmail string

@description('Share of videos with an error result over 15 minutes that raises the alert (at least 5 videos).')
param errorRateThreshold string

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource operators 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: 'ag-classroom-operators'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'classroom'
    enabled: true
    emailReceivers: [
      {
        name: 'operators'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

var actions = empty(alertEmail) ? [] : [operators.id]

// The job's VideoProcessed event (VideoBlobJob): one per result written, Status its outcome.
resource errorRate 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-classroom-video-errors'
  location: location
  tags: tags
  properties: {
    displayName: 'Classroom: videos with an error result'
    description: 'More than the threshold share of videos (at least 5) got an .error.json in 15 minutes: see ./classroom failures and docs/operations.md.'
    severity: 2
    enabled: true
    scopes: [appInsights.id]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'traces | where customDimensions.EventName == "VideoProcessed" | summarize total = count(), errors = countif(tostring(customDimensions.Status) == "error") | where total >= 5 and todouble(errors) / total > ${errorRateThreshold}'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: actions
    }
  }
}

// The account's queue message count has no per-queue dimension; the host's internal queues drain within minutes, so
// a count above zero for an hour is messages left on webjobs-blobtrigger-poison (videos that failed 5 times).
resource poisonMessages 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-classroom-poison-queue'
  location: 'global'
  tags: tags
  properties: {
    description: 'Messages stay on the storage account\'s queues for an hour: videos that failed poisonBlobThreshold (5) times; see ./classroom failures --cloud.'
    severity: 2
    enabled: true
    scopes: ['${storage.id}/queueServices/default']
    evaluationFrequency: 'PT1H'
    windowSize: 'PT6H'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          name: 'queued'
          criterionType: 'StaticThresholdCriterion'
          metricNamespace: 'Microsoft.Storage/storageAccounts/queueServices'
          metricName: 'QueueMessageCount'
          timeAggregation: 'Minimum'
          operator: 'GreaterThan'
          threshold: 0
        }
      ]
    }
    actions: [for id in actions: { actionGroupId: id }]
  }
}

resource deadLetters 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-classroom-dead-letters'
  location: 'global'
  tags: tags
  properties: {
    description: 'Event Grid could not deliver BlobCreated events to the function (they are in the deadletter container): those videos were never processed.'
    severity: 1
    enabled: true
    scopes: [topic.id]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          name: 'deadLettered'
          criterionType: 'StaticThresholdCriterion'
          metricNamespace: 'Microsoft.EventGrid/systemTopics'
          metricName: 'DeadLetteredCount'
          timeAggregation: 'Total'
          operator: 'GreaterThan'
          threshold: 0
        }
      ]
    }
    actions: [for id in actions: { actionGroupId: id }]
  }
}

output actionGroupId string = empty(alertEmail) ? '' : operators.id
