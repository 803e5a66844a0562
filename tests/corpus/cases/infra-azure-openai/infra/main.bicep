param location string = resourceGroup().location
param chatModelName string = 'gpt-4o-mini'
param embeddingModelName string = 'text-embedding-3-small'

resource account 'Microsoft.CognitiveServices/accounts@2023-05-01' = {
  name: 'acme-oai'
  location: location
  kind: 'OpenAI'
}

resource chat 'Microsoft.CognitiveServices/accounts/deployments@2023-05-01' = {
  parent: account
  name: 'chat'
  properties: {
    model: {
      format: 'OpenAI'
      name: chatModelName
      version: '2024-07-18'
    }
  }
}
